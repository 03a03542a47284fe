// fallocate allocate and punch, MADV_REMOVE and MADV_DONTNEED (spec §2.3, §2.7).
extension GuestMemfdModel {
  /// The checks vfs_fallocate and kvm_gmem_fallocate share: alignment, a positive length, no overflow.
  private func checkFallocateRange(_ r: FileRange) throws(OperationFailure) -> UInt64 {
    guard r.length > 0 else { throw OperationFailure(.EINVAL, "fallocate needs len > 0") }
    if r.offset >= 1 << 63 || r.length >= 1 << 63 {
      // vfs_fallocate takes loff_t: a negative offset or length is EINVAL before the EFBIG check of
      // offset + len (measured on Linux 6.18 with `gmemviz diff`; kernel-here.md §3 lists the other EINVALs).
      // It is VFS code, so every profile shares it.
      throw OperationFailure(.EINVAL, "offset \(hex(r.offset)) or len \(hex(r.length)) is a negative loff_t")
    }
    guard let end = r.end, end < 1 << 63 else {
      throw OperationFailure(.EFBIG, "offset + len overflows loff_t")
    }
    guard r.isPageAligned else {
      throw OperationFailure(
        .EINVAL, "offset \(hex(r.offset)) and len \(hex(r.length)) must be multiples of PAGE_SIZE")
    }
    return end
  }

  func allocate(_ r: FileRange) throws(OperationFailure) -> Outcome {
    let file = try openFile()
    let end = try checkFallocateRange(r)
    guard end <= file.size else {
      throw OperationFailure(.EINVAL, "allocate ends at \(hex(end)), past i_size \(hex(file.size))")
    }
    var lo = r.offset
    var hi = end
    if file.backing.isHuge {
      // HugeTLB rounds down at both ends: a partial tail huge page is not allocated [F1] [F2].
      lo = lo / file.backing.folioSize * file.backing.folioSize
      hi = hi / file.backing.folioSize * file.backing.folioSize
    }
    guard hi > lo else { return .ok }
    try allocateFolios(file, pages: pages(FileRange(offset: lo, length: hi - lo)))
    return .ok
  }

  func punch(_ r: FileRange) throws(OperationFailure) -> Outcome {
    let file = try openFile()
    let end = try checkFallocateRange(r)
    // Punching is not bounded by i_size: at or past it is a no-op [UP-test].
    guard r.offset < file.size else { return .ok }
    try punchPages(file, pages(FileRange(offset: r.offset, length: min(end, file.size) - r.offset)))
    return .ok
  }

  /// PUNCH_HOLE over whole pages of the file: zap SPTEs and host PTEs, free whole folios, zero the partial
  /// parts of huge pages in place; shared/private is unchanged (spec §2.3).
  func punchPages(_ file: GmemFile, _ range: Range<Int>) throws(OperationFailure) {
    zapSPTEs(file, pages: range)
    unmapHostPTEs(file, pages: range)
    guard file.backing.isHuge else {
      try freeFolios(file, pages: range)
      return
    }
    // Whole huge pages covered are freed; the allocated ones cut by either end are zeroed in place.
    let n = file.pagesPerFolio
    let whole = ((range.lowerBound + n - 1) / n)..<max((range.lowerBound + n - 1) / n, range.upperBound / n)
    var partial: [Range<Int>] = []
    for h in Set([file.hugeIndex(ofPage: range.lowerBound), file.hugeIndex(ofPage: range.upperBound - 1)]).sorted()
    where !whole.contains(h) && file.isAllocated(huge: h) {
      let hp = file.pageRange(ofHuge: h)
      partial.append(max(hp.lowerBound, range.lowerBound)..<min(hp.upperBound, range.upperBound))
    }
    if policy.punchMergesSplitFoliosFirst {
      // Merge-truncate: a huge page with a shared index must merge before it is freed, and a folio with an
      // unsafe refcount (a pin) makes that fail [F2 kvm_gmem_merge_truncate_indices]. The failure is a bare
      // -EAGAIN: that function passes `&unused` for the unsafe index, and fallocate(2) has no way to return one
      // (spec §2.6's `error_offset` belongs to the conversion ioctls), so the outcome has no offset and only the
      // detail names the page.
      var h = whole.lowerBound
      while let s = file.firstSplitFlag(in: h..<whole.upperBound) {
        h = s + 1
        guard file.isAllocated(huge: s) else { continue }
        let hp = file.pageRange(ofHuge: s)
        if let p = file.pages.firstPage(in: hp, where: { $0.isPinned }) {
          throw OperationFailure(
            .EAGAIN,
            "folio \(s) must merge before it is freed, but page \(hex(Geometry.offset(ofPage: p))) is pinned; "
              + "fallocate reports no error offset")
        }
      }
    }
    for covered in partial {
      file.pages.modify(covered) { $0.content = 0 }
      events.append(.zeroedInPlace(FileRange(pages: covered)))
    }
    if !whole.isEmpty { try freeFolios(file, pages: (whole.lowerBound * n)..<(whole.upperBound * n)) }
  }

  /// The checks madvise makes before acting on process `p`'s mapping; returns the pages.
  private func madviseRange(_ r: FileRange, process p: Int) throws(OperationFailure) -> (GmemFile, Range<Int>) {
    guard let file, file.mappedBy.contains(p) else {
      throw OperationFailure(.ENOMEM, "process \(p) does not map the file")
    }
    guard Geometry.isAligned(r.offset, Geometry.pageSize) else {
      throw OperationFailure(.EINVAL, "madvise start \(hex(r.offset)) is not page aligned")
    }
    guard let end = r.end, end <= file.size else {
      throw OperationFailure(.ENOMEM, "the range passes the end of the mapping (\(hex(file.size)))")
    }
    return (file, pages(r))
  }

  func dontneed(_ r: FileRange, process p: Int) throws(OperationFailure) -> Outcome {
    let (file, range) = try madviseRange(r, process: p)
    unmapHostPTEs(file, pages: range, processes: [p])
    return .ok
  }

  func remove(_ r: FileRange, process p: Int) throws(OperationFailure) -> Outcome {
    let (file, range) = try madviseRange(r, process: p)
    guard !range.isEmpty else { return .ok }
    try punchPages(file, range)
    return .ok
  }
}
