#if canImport(Glibc)
  import Glibc
#endif

/// A PROT_NONE, MAP_SHARED mapping of a whole guest_memfd in this process, only for mincore(2): nothing can read or
/// write through it, and mmap itself faults nothing in (kernel-here §3). It is unmapped when released.
final class ResidencyMapping {
  /// The first byte of the mapping (file offset 0).
  let base: UnsafeMutableRawPointer
  /// The mapping's length: the file's size.
  let length: UInt64

  /// Maps `length` bytes of `fd`; throws the errno (ENODEV: the file was created without GUEST_MEMFD_FLAG_MMAP).
  init(fd: Int32, length: UInt64) throws(KVMError) {
    base = try mapMemory(
      .call("mmap(PROT_NONE, MAP_SHARED)"), length: Int(length), protection: PROT_NONE, flags: MAP_SHARED, fd: fd)
    self.length = length
  }

  deinit { unmapMemory(base, length: Int(length)) }
}
