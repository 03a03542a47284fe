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
    let address = mmap(nil, Int(length), PROT_NONE, MAP_SHARED, fd, 0)
    guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw .callFailed(call: "mmap(PROT_NONE, MAP_SHARED)", errno: errno)
    }
    base = address
    self.length = length
  }

  deinit { _ = munmap(base, Int(length)) }
}
