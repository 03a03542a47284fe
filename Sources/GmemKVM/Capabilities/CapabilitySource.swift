import GmemModel

/// Where `CapabilityProbe` asks its questions: the kernel's KVM device (`DeviceCapabilitySource`), or a stand-in
/// that answers as some other kernel would.
public protocol CapabilitySource {
  /// KVM_GET_API_VERSION on the system fd.
  func apiVersion() throws(KVMError) -> Int

  /// KVM_CHECK_EXTENSION(`number`) on the system fd: the value, or the negated errno when the ioctl fails.
  func systemValue(_ number: UInt32) -> Int

  /// KVM_CREATE_VM(`type`), then KVM_CHECK_EXTENSION of each of `numbers` on the VM fd, then closing the VM: the
  /// values in the order of `numbers` (a failed check as its negated errno). Throws when the VM cannot be created.
  func vmValues(type: VMType, _ numbers: [UInt32]) throws(KVMError) -> [Int]
}
