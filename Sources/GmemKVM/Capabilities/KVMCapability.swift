/// One capability as the running kernel reports it: KVM_CHECK_EXTENSION on /dev/kvm and on a fresh VM fd.
public struct KVMCapability: Equatable, Sendable {
  /// What was asked: name, number, and whether the number is configuration.
  public var definition: KVMCapabilityDefinition
  /// The value on /dev/kvm (system scope), or the negated errno if the ioctl failed.
  public var systemValue: Int
  /// The value on a fresh default VM fd, or nil when no VM could be created.
  public var vmValue: Int?
  /// What the value means on this kernel, e.g. "flags MMAP|INIT_SHARED".
  public var meaning: String

  /// A probed capability.
  public init(definition: KVMCapabilityDefinition, systemValue: Int, vmValue: Int?, meaning: String) {
    self.definition = definition
    self.systemValue = systemValue
    self.vmValue = vmValue
    self.meaning = meaning
  }

  /// The uapi name.
  public var name: String { definition.name }
  /// The KVM_CHECK_EXTENSION number.
  public var number: UInt32 { definition.number }
  /// The value that governs a VM: the VM fd's when there is one, else the system value.
  public var value: Int { vmValue ?? systemValue }
  /// True when the kernel reports the capability (a positive value).
  public var isSupported: Bool { value > 0 }
}
