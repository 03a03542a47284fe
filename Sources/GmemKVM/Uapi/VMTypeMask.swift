import CGmemSys
import GmemModel

/// The value of KVM_CAP_VM_TYPES: bit N set when KVM_CREATE_VM takes machine type N. 0 on a kernel without the
/// capability, where only the default VM (type 0) exists.
public struct VMTypeMask: Equatable, Sendable {
  /// The raw bits.
  public var bits: UInt64

  /// The mask `bits`.
  public init(bits: UInt64) { self.bits = bits }

  /// KVM_CHECK_EXTENSION(KVM_CAP_VM_TYPES) on /dev/kvm at `devicePath`; nil when the device cannot be asked.
  public static func read(devicePath: String = "/dev/kvm") -> VMTypeMask? {
    guard let fd = try? openDevice(devicePath) else { return nil }
    defer { closeDescriptor(fd) }
    guard let value = try? CapabilityProbe.check(fd: fd, KVMCapabilityDefinition.vmTypes.number) else { return nil }
    return VMTypeMask(bits: UInt64(value))
  }

  /// True when a VM of `type` can be created: its bit is set, or it is the default VM.
  public func lists(_ type: VMType) -> Bool { type == .default || bits & (1 << type.value) != 0 }

  /// The listed types by name (`default,sw-protected`), an unknown bit as `type N`; `default` when no bit is set.
  public var names: String {
    guard bits != 0 else { return "default" }
    return (0..<64).filter { bits & (1 << $0) != 0 }.map { bit in
      VMType.allCases.first { $0.value == UInt64(bit) }?.rawValue ?? "type \(bit)"
    }.joined(separator: ",")
  }

  /// Why `vm TYPE` cannot create `type` here, naming what the kernel lists instead.
  public func missing(_ type: VMType) -> String {
    "vm \(type.rawValue): this kernel lists VM types \(names) only (KVM_CAP_VM_TYPES=\(hex(bits)))"
  }
}
