#if canImport(Glibc)
  import Glibc
#endif

/// /proc/self/pagemap: one 64-bit entry per virtual page of this process. Bit 63 is present; bits 0–54 are the PFN,
/// which only root sees (others read 0) (kernel-here §4).
enum ProcessPagemap {
  /// Bit 63 of an entry: a page is present.
  static let present: UInt64 = 1 << 63
  /// Bits 0–54 of an entry: the page frame number.
  static let frameMask: UInt64 = (1 << 55) - 1

  /// The PFN mapped at each of the `count` pages from `address` (page aligned), in one pread; 0 where no page is
  /// present, or for every page when the PFNs are hidden or pagemap cannot be read.
  static func frames(address: UInt64, count: Int) -> [UInt64] {
    var entries = [UInt64](repeating: 0, count: count)
    guard let fd = open(pid: nil) else { return entries }
    defer { closeDescriptor(fd) }
    let offset = off_t(address / GuestMemfd.pageSize * 8)
    let read = try? syscall(.call("pread /proc/self/pagemap")) {
      entries.withUnsafeMutableBytes { negatedErrno(pread(fd, $0.baseAddress, $0.count, offset)) }
    }
    guard read == count * 8 else { return [UInt64](repeating: 0, count: count) }
    return entries.map { $0 & present != 0 ? $0 & frameMask : 0 }
  }

  /// /proc/PID/pagemap, or this process's for nil, opened read-only; nil when it cannot be opened.
  static func open(pid: Int32?) -> Int32? {
    let path = "/proc/\(pid.map(String.init) ?? "self")/pagemap"
    return try? openReadOnly(path)
  }
}
