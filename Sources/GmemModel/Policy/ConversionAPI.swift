/// The call that converts pages between shared and private in a design.
public enum ConversionAPI: String, Sendable, Codable {
  /// KVM_SET_MEMORY_ATTRIBUTES on the VM fd, over guest addresses (`kvm_vm_set_mem_attributes`; rfc1, upstream).
  case vmAttributes
  /// KVM_GMEM_CONVERT_SHARED / _PRIVATE on the guest_memfd fd (`kvm_gmem_convert_range`; rfc2).
  case gmemConvert
  /// KVM_SET_MEMORY_ATTRIBUTES2 on the guest_memfd fd (`kvm_gmem_set_attributes`; inplace).
  case gmemAttributes2

  /// The ioctl's name, for messages.
  public var call: String {
    switch self {
    case .vmAttributes: "KVM_SET_MEMORY_ATTRIBUTES"
    case .gmemConvert: "KVM_GMEM_CONVERT"
    case .gmemAttributes2: "KVM_SET_MEMORY_ATTRIBUTES2"
    }
  }

  /// The kernel function that returns 0 before changing anything when the whole range already has the
  /// requested attribute: no SPTE zap, no host unmap, no refcount or mapping check, no "prepared" reset.
  public var unchangedRangeCheck: String {
    switch self {
    case .vmAttributes: "kvm_vm_set_mem_attributes (kvm_range_has_memory_attributes: nothing to do)"
    case .gmemConvert: "kvm_gmem_convert_range (kvm_gmem_convert_compute_work: no work)"
    case .gmemAttributes2: "__kvm_gmem_set_attributes (kvm_gmem_range_has_attributes)"
    }
  }
}
