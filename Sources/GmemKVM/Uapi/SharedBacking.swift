#if canImport(Glibc)
  import Glibc
#endif

/// A memslot's own shared memory, for a guest_memfd without GUEST_MEMFD_FLAG_MMAP: an anonymous MAP_SHARED mapping
/// whose address is the slot's userspace_addr, as mainline's private_mem_conversions_test gives its memslots. The
/// guest's shared gfns reach it; its private gfns reach the guest_memfd. It is unmapped when released, which the
/// owner does only after the memslot is deleted.
final class SharedBacking {
  /// The first byte: the memslot's first gpa.
  let base: UnsafeMutableRawPointer
  /// The length in bytes: the memslot's size.
  let length: UInt64

  /// mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0). NORESERVE: a large
  /// slot costs only the pages the guest touches.
  init(length: UInt64) throws(KVMError) {
    base = try mapMemory(
      .call("mmap(MAP_SHARED|MAP_ANONYMOUS)"), length: Int(length), protection: PROT_READ | PROT_WRITE,
      flags: MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, fd: -1)
    self.length = length
  }

  deinit { unmapMemory(base, length: Int(length)) }

  /// The address KVM_SET_USER_MEMORY_REGION2 takes as userspace_addr.
  var address: UInt64 { UInt64(UInt(bitPattern: base)) }
}
