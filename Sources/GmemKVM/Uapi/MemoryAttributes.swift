import CGmemSys

/// KVM_SET_MEMORY_ATTRIBUTES on a VM fd: the attributes of the gpas [address, address+size). KVM keeps them per gfn
/// in the VM (mem_attr_array) and has no call that reads them back.
struct MemoryAttributes: Equatable {
  /// KVM_MEMORY_ATTRIBUTE_PRIVATE: the gfns are private (a guest access goes to the memslot's guest_memfd).
  static let privateAttribute: UInt64 = GMEM_KVM_MEMORY_ATTRIBUTE_PRIVATE

  /// The first gpa (page aligned).
  var address: UInt64
  /// The length in bytes (page aligned, not 0).
  var size: UInt64
  /// KVM_MEMORY_ATTRIBUTE_* bits: PRIVATE, or 0 for shared.
  var attributes: UInt64
  /// Must be 0.
  var flags: UInt64 = 0

  /// The attributes that make [address, address+size) private (`isPrivate`) or shared.
  init(address: UInt64, size: UInt64, private isPrivate: Bool) {
    self.init(address: address, size: size, attributes: isPrivate ? Self.privateAttribute : 0)
  }

  /// Any attribute bits and flags, as the ioctl takes them.
  init(address: UInt64, size: UInt64, attributes: UInt64, flags: UInt64 = 0) {
    self.address = address
    self.size = size
    self.attributes = attributes
    self.flags = flags
  }

  /// struct kvm_memory_attributes as the ioctl reads it.
  var raw: gmem_kvm_memory_attributes {
    gmem_kvm_memory_attributes(address: address, size: size, attributes: attributes, flags: flags)
  }

  /// Issues the ioctl on `vmFD`. One call is all or nothing (kvm_vm_set_mem_attributes reserves every xarray entry
  /// before it changes any), and the kernel writes nothing back: a failure has no error offset of its own.
  func set(on vmFD: Int32) throws(KVMError) {
    var request = raw
    try syscall(.ioctl("KVM_SET_MEMORY_ATTRIBUTES")) {
      gmem_ioctl_ptr(vmFD, GMEM_KVM_SET_MEMORY_ATTRIBUTES, &request)
    }
  }
}
