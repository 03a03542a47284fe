// The invariants of HugeTLB-backed files, checked by runs of pages and by split flags (a region with none is one
// step), so a file of millions of huge pages is checked in time proportional to its runs.
extension InvariantChecker {
  static func checkHugePages(_ model: GuestMemfdModel, _ file: GmemFile) -> [Violation] {
    var out: [Violation] = []
    let n = file.pagesPerFolio
    let all = 0..<file.pageCount
    // Allocation is whole huge pages: every edge of a run of allocated pages is a huge page boundary.
    var allocatedPages = 0
    var runStart: Int?
    var misaligned: Int?
    file.pages.forEachRun(in: all) { run, s in
      if s.isAllocated {
        allocatedPages += run.count
        if runStart == nil { runStart = run.lowerBound }
      } else if let start = runStart {
        runStart = nil
        if misaligned == nil && (start % n != 0 || run.lowerBound % n != 0) {
          misaligned = start % n != 0 ? start : run.lowerBound - 1
        }
      }
    }
    if let start = runStart, misaligned == nil, start % n != 0 { misaligned = start }
    if let p = misaligned {
      let hp = file.pageRange(ofHuge: file.hugeIndex(ofPage: p))
      out.append(
        Violation(
          rule: "a huge page is allocated whole", offset: Geometry.offset(ofPage: hp.lowerBound),
          detail: "\(file.pages.counts(in: hp).allocated) of \(hp.count) pages"))
    }
    // Split flags: only on allocated huge pages, and only there may an SPTE be smaller than the folio.
    var split = 0
    var h = 0
    while let s = file.firstSplitFlag(in: h..<file.hugePageCount) {
      h = s + 1
      guard file.isAllocated(huge: s) else { continue }
      split += 1
      let hp = file.pageRange(ofHuge: s)
      if let p = file.pages.firstPage(in: hp, where: { $0.spte > .pte4K }) {
        out.append(
          Violation(rule: "a split folio is mapped at 4K", offset: Geometry.offset(ofPage: p), detail: "folio \(s)"))
      }
    }
    let whole = allocatedPages / n - split
    // A whole folio holds no faultable index and no SPTE above its order.
    var lastFolio = -1
    file.pages.forEachRun(in: all) { run, s in
      guard s.isAllocated, s.isFaultable || s.spte > file.backing.spteLevel else { return }
      var f = max(lastFolio + 1, file.hugeIndex(ofPage: run.lowerBound))
      let end = file.hugeIndex(ofPage: run.upperBound - 1)
      while f <= end {
        guard let next = firstWhole(file, in: f..<(end + 1)) else { break }
        let hp = file.pageRange(ofHuge: next)
        let c = file.pages.counts(in: hp)
        if c.faultable > 0 {
          out.append(
            Violation(
              rule: "a faultable page is in a 4 KiB folio", offset: Geometry.offset(ofPage: hp.lowerBound),
              detail: "folio \(next) is whole with \(c.faultable) faultable pages"))
        }
        if let p = file.pages.firstPage(in: hp, where: { $0.spte > file.backing.spteLevel }) {
          out.append(
            Violation(
              rule: "SPTE level is bounded by the folio order", offset: Geometry.offset(ofPage: p),
              detail: "folio \(next)"))
        }
        f = next + 1
      }
      lastFolio = end
    }
    if file.splitFlags(in: all) != split {
      out.append(
        Violation(rule: "per-region split counts", offset: nil, detail: "\(file.splitFlags(in: all)) != \(split)"))
    }
    if whole != file.wholeFolios || split != file.splitFolios {
      out.append(
        Violation(
          rule: "folio counters", offset: nil,
          detail: "stored whole \(file.wholeFolios) split \(file.splitFolios), counted \(whole) and \(split)"))
    }
    let held = file.heldHugePageCount
    if file.subpoolReserved + whole + split + held != file.hugePageCount {
      out.append(
        Violation(
          rule: "subpool adds up", offset: nil,
          detail:
            "reserved \(file.subpoolReserved) + allocated \(whole + split) + held \(held) != \(file.hugePageCount)"))
    }
    if (model.poolResv[file.backing] ?? 0) < file.subpoolReserved {
      out.append(
        Violation(
          rule: "pool reservation covers the subpool", offset: nil,
          detail: "resv \(model.poolResv[file.backing] ?? 0) < \(file.subpoolReserved)"))
    }
    return out
  }

  /// The first huge page of `hugePages` not flagged split.
  private static func firstWhole(_ file: GmemFile, in hugePages: Range<Int>) -> Int? {
    var h = hugePages.lowerBound
    while h < hugePages.upperBound {
      guard let s = file.firstSplitFlag(in: h..<hugePages.upperBound), s == h else { return h }
      h += 1
    }
    return nil
  }
}
