import CGmemSys
import GmemModel

/// The capabilities of the running kernel, asked through an open KVM device fd (which the caller owns and closes).
/// Every VM it creates is closed before `vmValues` returns.
public struct DeviceCapabilitySource: CapabilitySource {
  /// The open /dev/kvm fd.
  public var kvm: Int32

  /// A source asking through `kvm`.
  public init(kvm: Int32) { self.kvm = kvm }

  /// KVM_GET_API_VERSION.
  public func apiVersion() throws(KVMError) -> Int {
    try syscall(.ioctl("KVM_GET_API_VERSION")) { gmem_ioctl_int(kvm, GMEM_KVM_GET_API_VERSION, 0) }
  }

  /// KVM_CHECK_EXTENSION on /dev/kvm.
  public func systemValue(_ number: UInt32) -> Int { Self.reportedValue(fd: kvm, number) }

  /// KVM_CHECK_EXTENSION on a fresh VM of `type`.
  public func vmValues(type: VMType, _ numbers: [UInt32]) throws(KVMError) -> [Int] {
    let vm = Int32(
      try syscall(.ioctl("KVM_CREATE_VM(\(type.value))")) {
        gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, UInt(type.value))
      })
    defer { closeDescriptor(vm) }
    return numbers.map { Self.reportedValue(fd: vm, $0) }
  }

  /// The value `CapabilityProbe.check` gives, as a report records it: a failed check as its negated errno.
  private static func reportedValue(fd: Int32, _ number: UInt32) -> Int {
    do {
      return try CapabilityProbe.check(fd: fd, number)
    } catch {
      return -Int(error.errno)
    }
  }
}
