// Host userspace loads and stores through a process's MAP_SHARED mapping of the file (spec §2.5).
extension GuestMemfdModel {
  func hostAccess(_ r: FileRange, write byte: UInt8?, process p: Int) throws(OperationFailure) -> Outcome {
    guard let file, file.mappedBy.contains(p) else {
      throw OperationFailure(.signal(.SIGSEGV, at: r.offset), "process \(p) does not map the file")
    }
    let touched = r.touchedPages
    guard !touched.isEmpty else { return byte == nil ? .value(ByteSet()) : .ok }
    let lo = Int(touched.lowerBound)
    let hi = Int(min(touched.upperBound, UInt64(Int.max)))
    let inFile = lo..<min(hi, max(lo, file.pageCount))
    // The fault handler refuses a page that is not faultable (rfc1), not shared (rfc2/inplace) or not
    // INIT_SHARED (upstream), and anything at or past i_size [UP-test test_fault_overflow].
    // A page this process already maps is reached through its PTE without a fault.
    let bit = PageState.mappedBit(process: p)
    let stop = file.pages.firstPage(in: inFile) { !$0.isFaultable && $0.raw & bit == 0 } ?? inFile.upperBound
    var reachable = lo..<stop
    var seen = ByteSet()
    var faultFailure: OperationFailure?
    if !reachable.isEmpty {
      do {
        try faultIn(file, pages: reachable, process: p)
      } catch let failure {
        // A fault that could not allocate stops the access there; the pages before it were reached.
        guard case .signal(.SIGBUS, let at) = failure.outcome else { throw failure }
        reachable = lo..<max(lo, Geometry.page(ofOffset: at))
        faultFailure = failure
      }
      if let byte {
        file.pages.modify(reachable) { $0.content = byte }
      } else {
        file.pages.forEachRun(in: reachable) { _, s in seen.insert(s.content) }
      }
    }
    if let faultFailure { throw faultFailure }
    if stop < hi {
      let off = Geometry.offset(ofPage: stop)
      let why =
        stop >= file.pageCount
        ? "offset \(hex(off)) is at or past i_size \(hex(file.size))"
        : "page \(hex(off)) is \(policy.hostFaultGate.refusal): kvm_gmem_fault returns VM_FAULT_SIGBUS"
      throw OperationFailure(.signal(.SIGBUS, at: off), why)
    }
    return byte == nil ? .value(seen) : .ok
  }

  /// Host faults on every page of `range` not yet mapped by process `p`: allocate, zero if not uptodate, map.
  /// Every page of `range` must be faultable.
  func faultIn(_ file: GmemFile, pages range: Range<Int>, process p: Int) throws(OperationFailure) {
    let bit = PageState.mappedBit(process: p)
    guard file.pages.contains(in: range, where: { $0.raw & bit == 0 }) else { return }
    do {
      try allocateFolios(file, pages: range)
    } catch let failure {
      // The access stops at the first page whose fault cannot allocate; the pages before it fault in.
      var stop = range.lowerBound
      if case .errno(_, let at?) = failure.outcome {
        stop = max(range.lowerBound, min(Geometry.page(ofOffset: at), range.upperBound))
      }
      if stop > range.lowerBound { try faultIn(file, pages: range.lowerBound..<stop, process: p) }
      throw OperationFailure(
        .signal(.SIGBUS, at: Geometry.offset(ofPage: stop)), "fault could not allocate: \(failure.detail)")
    }
    // Only the pages that really fault (no PTE in this process yet) are zeroed when not uptodate; a page
    // still mapped is read through its PTE as it is (rfc1 can clear uptodate under a live mapping, P30).
    var newly = 0
    var stale = 0
    file.pages.forEachRun(in: range) { run, s in
      guard s.raw & bit == 0 else { return }
      newly += run.count
      if !s.isUptodate { stale += run.count }
    }
    file.pages.modify(range) {
      guard $0.raw & bit == 0 else { return }
      if !$0.isUptodate {
        $0.isUptodate = true
        $0.content = 0
      }
      $0.raw |= bit
    }
    if stale > 0 { events.append(.zeroedOnFault(FileRange(pages: range), folios: stale)) }
    if newly > 0 { events.append(.hostPTEsMapped(FileRange(pages: range), process: p, pages: newly)) }
  }

  /// Zeroes and marks uptodate every folio of `range` that is not uptodate (the first use of a page).
  func zeroOnFirstUse(_ file: GmemFile, pages range: Range<Int>) {
    let stale = range.count - file.pages.counts(in: range).uptodate
    guard stale > 0 else { return }
    // A whole huge folio is one folio, zeroed at once (folio_zero_user).
    let folios =
      file.backing.isHuge && range.count == file.pagesPerFolio
        && !file.split[file.hugeIndex(ofPage: range.lowerBound)] ? 1 : stale
    zeroStalePages(file, range)
    events.append(.zeroedOnFault(FileRange(pages: range), folios: folios))
  }

  /// Zeroes the pages of `range` that are not uptodate and marks them uptodate; parts already wholly uptodate
  /// are skipped without a visit.
  func zeroStalePages(_ file: GmemFile, _ range: Range<Int>) {
    file.pages.modify(
      range, unchangedWhen: { $0.uptodate == $0.pages },
      transform: {
        if !$0.isUptodate {
          $0.isUptodate = true
          $0.content = 0
        }
      })
  }
}
