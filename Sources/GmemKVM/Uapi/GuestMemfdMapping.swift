import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// A MAP_SHARED, read-write mapping of a whole guest_memfd in this process. It is unmapped when released.
///
/// Host accesses go through `populate` first: MADV_POPULATE_READ/WRITE fault the page in or fail with EFAULT where
/// the kernel would deliver SIGBUS, so the process never touches a page that would raise a signal.
final class GuestMemfdMapping {
  /// MADV_POPULATE_READ (Linux 5.14), not in older C library headers.
  static let populateRead: Int32 = 22
  /// MADV_POPULATE_WRITE (Linux 5.14).
  static let populateWrite: Int32 = 23

  /// The first byte of the mapping (file offset 0).
  let base: UnsafeMutableRawPointer
  /// The mapping's length in bytes: the file's size.
  let length: UInt64

  /// mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0); throws the errno (ENODEV without MMAP).
  init(fd: Int32, length: UInt64) throws(KVMError) {
    base = try mapMemory(
      .call("mmap(MAP_SHARED)"), length: Int(length), protection: PROT_READ | PROT_WRITE, flags: MAP_SHARED, fd: fd)
    self.length = length
  }

  deinit { unmapMemory(base, length: Int(length)) }

  /// The virtual address of file offset `offset`.
  func address(ofOffset offset: UInt64) -> UInt64 { UInt64(UInt(bitPattern: base)) + offset }

  /// madvise(advice) on [offset, offset+length); a failure names the call `name`. The caller keeps the range inside
  /// the mapping.
  func advise(offset: UInt64, length: UInt64, _ advice: Int32, name: String) throws(KVMError) {
    let start = base + Int(offset)
    try syscall(.call(name)) { negatedErrno(madvise(start, Int(length), advice)) }
  }

  /// MADV_POPULATE_WRITE or _READ on [offset, offset+length) (EFAULT where an access would SIGBUS).
  func populate(offset: UInt64, length: UInt64 = GuestMemfd.pageSize, write: Bool) throws(KVMError) {
    try advise(
      offset: offset, length: length, write ? Self.populateWrite : Self.populateRead,
      name: write ? "MADV_POPULATE_WRITE" : "MADV_POPULATE_READ")
  }

  /// Fills [offset, offset+length) with `byte`. The pages must have been populated for writing.
  func fill(offset: UInt64, length: UInt64, with byte: UInt8) {
    _ = memset(base + Int(offset), Int32(byte), Int(length))
  }

  /// Adds every byte of the page at `offset` to `seen`. The page must have been populated.
  func read(page offset: UInt64, into seen: inout ByteSet) {
    let page = UnsafeRawPointer(base + Int(offset))
    let first = page.load(as: UInt8.self)
    let pattern = UInt64(first) &* 0x0101_0101_0101_0101
    let words = Int(GuestMemfd.pageSize) / 8
    var uniform = true
    for i in 0..<words where page.load(fromByteOffset: i * 8, as: UInt64.self) != pattern {
      uniform = false
      break
    }
    if uniform {
      seen.insert(first)
    } else {
      for i in 0..<Int(GuestMemfd.pageSize) { seen.insert(page.load(fromByteOffset: i, as: UInt8.self)) }
    }
  }
}
