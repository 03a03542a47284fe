import GmemModel

// fallocate and madvise (spec §2.3, §2.7).
extension NaiveModel {
  /// vfs_fallocate's and kvm_gmem_fallocate's checks; returns the end offset.
  private func fallocateEnd(_ r: FileRange) throws -> UInt64 {
    guard r.length > 0 else { throw NaiveFailure(.EINVAL) }
    // upstream (measured on Linux 6.18): a negative loff_t offset or length is EINVAL before EFBIG.
    if r.offset >= 1 << 63 || r.length >= 1 << 63 { throw NaiveFailure(.EINVAL) }
    let (end, overflow) = r.offset.addingReportingOverflow(r.length)
    guard !overflow, end < 1 << 63 else { throw NaiveFailure(.EFBIG) }
    guard r.offset % 4096 == 0, r.length % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    return end
  }

  func allocate(_ r: FileRange) throws -> Outcome {
    let file = try openFile()
    let end = try fallocateEnd(r)
    guard end <= file.size else { throw NaiveFailure(.EINVAL) }
    var lo = r.offset
    var hi = end
    if file.backing != .base4K {
      // HugeTLB rounds down at both ends [F1] [F2].
      lo = lo / file.backing.folioSize * file.backing.folioSize
      hi = hi / file.backing.folioSize * file.backing.folioSize
    }
    if hi > lo { try allocateFolios(file, pages: Int(lo / 4096)..<Int(hi / 4096)) }
    return .ok
  }

  func punch(_ r: FileRange) throws -> Outcome {
    let file = try openFile()
    let end = try fallocateEnd(r)
    // Not bounded by i_size: at or past it, nothing happens [UP-test].
    guard r.offset < file.size else { return .ok }
    try punchPages(file, Int(r.offset / 4096)..<Int(min(end, file.size) / 4096))
    return .ok
  }

  /// madvise's checks on process `p`'s mapping of the file; returns the pages.
  private func madvisePages(_ r: FileRange, process p: Int) throws -> (NaiveFile, Range<Int>) {
    guard let file, file.mappedBy.contains(p) else { throw NaiveFailure(.ENOMEM) }
    guard r.offset % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    let (end, overflow) = r.offset.addingReportingOverflow(r.length)
    guard !overflow, end <= file.size else { throw NaiveFailure(.ENOMEM) }
    return (file, pageRange(r))
  }

  func dontneed(_ r: FileRange, process p: Int) throws -> Outcome {
    let (file, range) = try madvisePages(r, process: p)
    for i in range { file.pages[i].setMapped(by: p, false) }
    return .ok
  }

  func remove(_ r: FileRange, process p: Int) throws -> Outcome {
    let (file, range) = try madvisePages(r, process: p)
    if !range.isEmpty { try punchPages(file, range) }
    return .ok
  }
}
