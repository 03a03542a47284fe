import CGmemSys
import Foundation
import GmemModel
import Testing

/// What observing another process's guest_memfd must leave as it was, read with raw calls from the outside: the
/// allocated pages per 2 MiB (cachestat on a copy of the fd), the uptodate bit of every page (mincore on a PROT_NONE
/// mapping of the copy, when the file has MMAP) and every pagemap entry of the process's guest_memfd areas (/proc/PID/maps, pagemap).
struct GuestMemfdSnapshot: Equatable {
  var cached: [Int64] = []
  var uptodate: [UInt8] = []
  var pagemap: [UInt64] = []

  /// Takes the snapshot of fd `fd` of process `pid`; nil when the fd cannot be copied or a call fails.
  init?(pid: Int32, fd: Int32) {
    let pidfd = gmem_pidfd_open(pid)
    guard pidfd >= 0 else { return nil }
    defer { _ = gmem_close(pidfd) }
    let copy = gmem_pidfd_getfd(pidfd, fd)
    guard copy >= 0 else { return nil }
    defer { _ = gmem_close(copy) }
    var info = stat()
    guard fstat(copy, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    let chunk = 2 << 20
    for offset in stride(from: 0, to: size, by: chunk) {
      cached.append(KVMFixture.cachedPages(copy, off: UInt64(offset), len: UInt64(chunk)))
    }
    // A file without MMAP cannot be mapped (ENODEV), and has no uptodate bits to compare.
    if let base = mmap(nil, size, PROT_NONE, MAP_SHARED, copy, 0), base != MAP_FAILED {
      defer { munmap(base, size) }
      uptodate = [UInt8](repeating: 0, count: size / 4096)
      guard mincore(base, size, &uptodate) == 0 else { return nil }
    }
    // FileHandle reads to EOF; procfs files report size 0, and maps is longer than one read.
    guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/maps"), let maps = try? handle.readToEnd() else {
      return nil
    }
    let pagemapFD = open("/proc/\(pid)/pagemap", O_RDONLY | O_CLOEXEC)
    guard pagemapFD >= 0 else { return nil }
    defer { close(pagemapFD) }
    for line in String(decoding: maps, as: UTF8.self).split(separator: "\n") where line.hasSuffix("[kvm-gmem]") {
      let bounds = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
      var entries = [UInt64](repeating: 0, count: Int(bounds[1] - bounds[0]) / 4096)
      let bytes = entries.withUnsafeMutableBytes {
        pread(pagemapFD, $0.baseAddress, $0.count, off_t(bounds[0] / 4096 * 8))
      }
      guard bytes == entries.count * 8 else { return nil }
      pagemap += entries
    }
  }
}

extension GuestMemfdSnapshot: CustomTestStringConvertible {
  /// A summary instead of thousands of entries: the totals, and a digest of the pagemap entries (PFNs and flags).
  var testDescription: String {
    let digest = pagemap.reduce(UInt64(0)) { ($0 &* 31) ^ $1 }
    return "cachestat \(cached.reduce(0, +)) pages in \(cached.count) chunks, mincore uptodate "
      + "\(uptodate.filter { $0 & 1 == 1 }.count) of \(uptodate.count) pages, pagemap present "
      + "\(pagemap.filter { $0 >> 63 == 1 }.count) of \(pagemap.count) entries (digest \(hex(digest)))"
  }
}
