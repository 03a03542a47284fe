import GmemModel

/// One capability as the running kernel reports it: KVM_CHECK_EXTENSION on /dev/kvm and on a fresh VM of each type
/// that KVM_CAP_VM_TYPES lists.
public struct KVMCapability: Equatable, Sendable {
  /// What was asked: name, number, and whether the number is configuration.
  public var definition: KVMCapabilityDefinition
  /// The value on /dev/kvm (system scope), or the negated errno if the ioctl failed.
  public var systemValue: Int
  /// The value on a fresh VM of each type that could be created (a failed check as its negated errno). A type
  /// that is missing was not listed, or KVM_CREATE_VM failed for it.
  public var typeValues: [VMType: Int]
  /// What the values mean on this kernel, e.g. "KVM_CREATE_GUEST_MEMFD available", per type where types differ.
  public var meaning: String

  /// A probed capability with a value per VM type.
  public init(definition: KVMCapabilityDefinition, systemValue: Int, typeValues: [VMType: Int], meaning: String) {
    self.definition = definition
    self.systemValue = systemValue
    self.typeValues = typeValues
    self.meaning = meaning
  }

  /// A probed capability with only the default VM's value (nil when no VM could be created).
  public init(definition: KVMCapabilityDefinition, systemValue: Int, vmValue: Int?, meaning: String) {
    self.init(
      definition: definition, systemValue: systemValue, typeValues: vmValue.map { [.default: $0] } ?? [:],
      meaning: meaning)
  }

  /// The uapi name.
  public var name: String { definition.name }
  /// The KVM_CHECK_EXTENSION number.
  public var number: UInt32 { definition.number }
  /// The value on a fresh default VM fd, or nil when no default VM could be created.
  public var vmValue: Int? { typeValues[.default] }
  /// The value that governs a default VM: the VM fd's when there is one, else the system value.
  public var value: Int { vmValue ?? systemValue }
  /// True when the kernel reports the capability (a positive value) for a default VM.
  public var isSupported: Bool { value > 0 }
  /// True when a VM of some probed type reports the capability (or /dev/kvm does, when no VM could be created).
  public var isSupportedOnSomeVMType: Bool {
    typeValues.isEmpty ? systemValue > 0 : typeValues.values.contains { $0 > 0 }
  }
}
