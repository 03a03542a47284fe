import CGmemSys

/// KVM_SET_USER_MEMORY_REGION2 on a VM fd: one memslot, bound to a guest_memfd range or plain memory, or deleted.
struct MemoryRegion {
  var slot: Int
  var gpa: UInt64 = 0
  /// 0 deletes the slot.
  var size: UInt64 = 0
  /// The host address KVM's accesses go through (kernel-here §6: the gmem's own mapping, or 0).
  var userspaceAddress: UInt64 = 0
  /// The guest_memfd and the file offset the slot starts at (KVM_MEM_GUEST_MEMFD), if any.
  var guestMemfd: (fd: Int32, offset: UInt64)?

  /// The deletion of `slot`.
  static func deleting(slot: Int) -> MemoryRegion { MemoryRegion(slot: slot) }

  /// Issues the ioctl on `vmFD`. A failure names the request as `request`: by default
  /// `KVM_SET_USER_MEMORY_REGION2`, with ` (delete)` for a deletion.
  func set(on vmFD: Int32, as request: String? = nil) throws(KVMError) {
    var region = gmem_kvm_userspace_memory_region2()
    region.slot = UInt32(truncatingIfNeeded: slot)
    region.guest_phys_addr = gpa
    region.memory_size = size
    region.userspace_addr = userspaceAddress
    if let guestMemfd {
      region.flags = UInt32(GMEM_KVM_MEM_GUEST_MEMFD)
      region.guest_memfd = UInt32(bitPattern: guestMemfd.fd)
      region.guest_memfd_offset = guestMemfd.offset
    }
    let name = request ?? (size == 0 ? "KVM_SET_USER_MEMORY_REGION2 (delete)" : "KVM_SET_USER_MEMORY_REGION2")
    try syscall(.ioctl(name)) { gmem_ioctl_ptr(vmFD, GMEM_KVM_SET_USER_MEMORY_REGION2, &region) }
  }
}
