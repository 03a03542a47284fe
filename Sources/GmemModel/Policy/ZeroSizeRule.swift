/// What a conversion of size 0 gives.
public enum ZeroSizeRule: String, Sendable, Codable {
  /// EINVAL (`kvm_vm_ioctl_set_mem_attributes`, `kvm_gmem_set_attributes`: `size == 0`).
  case invalid
  /// 0, changing nothing (rfc2's `kvm_gmem_ioctl_convert_range`).
  case noOp
}
