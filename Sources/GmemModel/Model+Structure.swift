// Folio structure and the mappings that hang off it: allocation, free, split/merge (spec §2.10), SPTE and host
// PTE zaps, orphans.
extension GuestMemfdModel {
  /// Allocates every hole among `range` (whole huge pages for HugeTLB backing), zeroing nothing: a new folio
  /// is not uptodate. A huge folio allocated into a range holding a faultable (shared) index is split at once
  /// [F2 kvm_gmem_get_folio → try_split]. Returns the folios allocated.
  @discardableResult
  func allocateFolios(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) -> Int {
    // Nothing to allocate when every page is (a huge page is allocated whole): O(1) per region or block, where
    // the search for holes below walks every run of the huge pages around `range`.
    let holes = range.count - file.pages.counts(in: range).allocated
    guard holes > 0 else { return 0 }
    if !file.backing.isHuge {
      file.pages.modify(range) { if !$0.isAllocated { $0.isAllocated = true } }
      events.append(.allocated(FileRange(pages: range), folios: holes, backing: .base4K))
      return holes
    }
    var allocated = 0
    var first: Int?
    var last = 0
    var splitNeeded: [Int] = []
    // The huge pages allocated before one that fails stay allocated, and split as they must.
    defer {
      if let first {
        events.append(
          .allocated(
            FileRange(
              offset: UInt64(first) * file.backing.folioSize,
              length: UInt64(last - first + 1) * file.backing.folioSize),
            folios: allocated, backing: file.backing))
        notePool(file.backing)
        for h in splitNeeded {
          splitFolio(file, h, hint: max(range.lowerBound, file.pageRange(ofHuge: h).lowerBound))
        }
        noteSplits(file, splitNeeded)
      }
    }
    // Runs of holes: one with no faultable index allocates whole folios at once; otherwise folio by folio.
    let n = file.pagesPerFolio
    let end = (file.hugeIndex(ofPage: range.upperBound - 1) + 1) * n
    var p = file.hugeIndex(ofPage: range.lowerBound) * n
    while p < end, let hole = file.pages.firstPage(in: p..<end, where: { !$0.isAllocated }) {
      let holeEnd = file.pages.firstPage(in: hole..<end, where: { $0.isAllocated }) ?? end
      let holes = file.hugeIndex(ofPage: hole)..<((holeEnd + n - 1) / n)
      let pages = (holes.lowerBound * n)..<(holes.upperBound * n)
      p = pages.upperBound
      guard file.pages.counts(in: pages).faultable == 0, file.splitFlags(in: pages) == 0 else {
        for h in holes {
          try tick("allocating huge pages", done: (h + 1) * n - range.lowerBound, of: range.count, at: h * n)
          try allocateFolio(file, h, &allocated, &first, &last, &splitNeeded)
        }
        continue
      }
      let k = min(holes.count, file.subpoolReserved)
      if k > 0 {
        file.subpoolReserved -= k
        poolFree[file.backing, default: 0] -= k
        poolResv[file.backing, default: 0] -= k
        file.pages.modify(pages.lowerBound..<(pages.lowerBound + k * n)) { $0.isAllocated = true }
        file.wholeFolios += k
        allocated += k
        first = first ?? holes.lowerBound
        last = holes.lowerBound + k - 1
      }
      guard k == holes.count else {
        throw OperationFailure(
          .ENOMEM, at: Geometry.offset(ofPage: pages.lowerBound + k * n), "the subpool has no reserved huge page left")
      }
    }
    return allocated
  }

  /// Allocates hole huge page `h`, noting it in the run being allocated; one with a faultable index is split after.
  private func allocateFolio(
    _ file: GmemFile, _ h: Int, _ allocated: inout Int, _ first: inout Int?, _ last: inout Int,
    _ splitNeeded: inout [Int]
  ) throws(OperationFailure) {
    let hp = file.pageRange(ofHuge: h)
    let faultable = file.pages.counts(in: hp).faultable > 0
    if faultable && settings.vmemmapRestoreFails {
      throw OperationFailure(
        .ENOMEM, at: Geometry.offset(ofPage: hp.lowerBound),
        "vmemmap restore failed while splitting folio \(h)")
    }
    guard file.subpoolReserved > 0 else {
      throw OperationFailure(
        .ENOMEM, at: Geometry.offset(ofPage: hp.lowerBound), "the subpool has no reserved huge page left")
    }
    file.subpoolReserved -= 1
    poolFree[file.backing, default: 0] -= 1
    poolResv[file.backing, default: 0] -= 1
    file.pages.modify(hp) { $0.isAllocated = true }
    file.setSplit(h, false)
    file.wholeFolios += 1
    allocated += 1
    first = first ?? h
    last = h
    if faultable { splitNeeded.append(h) }
  }

  /// Frees the folios of whole huge pages, or of 4 KiB pages, in `range`: pins become orphans, the contents and
  /// uptodate go, huge pages are reconstructed and go back to the subpool (spec §1.4, §2.3).
  func freeFolios(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) {
    let orphaned = orphanPinned(file, pages: range)
    let allocatedPages = file.pages.counts(in: range).allocated
    guard allocatedPages > 0 else { return }
    var hugeFreed = 0
    if file.backing.isHuge {
      // Runs of allocated huge pages: whole folios holding no orphan go back to the subpool at once.
      let n = file.pagesPerFolio
      let end = (file.hugeIndex(ofPage: range.upperBound - 1) + 1) * n
      var p = file.hugeIndex(ofPage: range.lowerBound) * n
      while p < end, let a = file.pages.firstPage(in: p..<end, where: { $0.isAllocated }) {
        let allocatedEnd = file.pages.firstPage(in: a..<end, where: { !$0.isAllocated }) ?? end
        let folios = file.hugeIndex(ofPage: a)..<((allocatedEnd + n - 1) / n)
        let pages = (folios.lowerBound * n)..<(folios.upperBound * n)
        p = pages.upperBound
        if file.splitFlags(in: pages) == 0 && !orphaned.contains(in: pages) {
          file.wholeFolios -= folios.count
          hugeFreed += folios.count
          file.subpoolReserved += folios.count
          poolFree[file.backing, default: 0] += folios.count
          poolResv[file.backing, default: 0] += folios.count
          continue
        }
        for h in folios {
          try tick("freeing huge pages", done: (h + 1) * n - range.lowerBound, of: range.count, at: h * n)
          if file.split[h] {
            file.splitFolios -= 1
            file.setSplit(h, false)
            file.setSplitCause(h, nil)
          } else {
            file.wholeFolios -= 1
          }
          hugeFreed += 1
          let hp = file.pageRange(ofHuge: h)
          if orphaned.contains(in: hp) {
            events.append(
              .hugePageHeld(FileRange(pages: hp), orphans: orphaned.total(in: hp) { $0 }, backing: file.backing))
          } else {
            file.subpoolReserved += 1
            poolFree[file.backing, default: 0] += 1
            poolResv[file.backing, default: 0] += 1
          }
        }
      }
      if !orphaned.isEmpty { file.heldHugePages.append(orphaned) }
    }
    file.pages.modify(range) {
      $0.isAllocated = false
      $0.isUptodate = false
      $0.content = 0
    }
    if file.backing.isHuge {
      events.append(.freed(FileRange(pages: range), folios: hugeFreed, backing: file.backing))
      notePool(file.backing)
    } else {
      events.append(.freed(FileRange(pages: range), folios: allocatedPages, backing: file.backing))
    }
  }

  /// Splits huge page `h` (whole) into 4 KiB folios, remembering why.
  func splitFolio(_ file: GmemFile, _ h: Int, hint: Int? = nil) {
    let hp = file.pageRange(ofHuge: h)
    // A huge SPTE cannot outlive the folio order that allowed it.
    if file.pages.counts(in: hp).spte > 0
      && file.pages.contains(in: hp, where: { $0.spte > .pte4K })
    {
      zapSPTEs(file, pages: hp)
    }
    file.setSplit(h, true)
    file.wholeFolios -= 1
    file.splitFolios += 1
    let cause: Int
    if let hint, hp.contains(hint), file.pages.state(at: hint).isFaultable {
      cause = hint
    } else {
      cause = file.pages.firstPage(in: hp) { $0.isFaultable } ?? hp.lowerBound
    }
    file.setSplitCause(
      h, SplitCause(offset: Geometry.offset(ofPage: cause), command: currentCommand, sequence: sequence))
  }

  /// Emits split events for the folios just split, one per run of consecutive indices.
  func noteSplits(_ file: GmemFile, _ folios: [Int]) {
    for run in runs(of: folios) {
      events.append(
        .split(
          first: run.lowerBound, count: run.count, backing: file.backing,
          vmemmapRestored: settings.vmemmapRestored(per: file.backing)))
    }
  }

  /// Splits or merges every allocated huge page overlapping `range` so that a huge folio is whole exactly when
  /// no index in it is faultable and nothing maps or pins it (rfc1 patch 39, rfc2 restructure, §2.10). Only the
  /// huge pages inside `mergeScope` (all of them when nil) may merge: a conversion to private passes its
  /// design's MergeRule scope.
  func restructure(_ file: GmemFile, pages range: Range<Int>, mergeScope: Range<Int>? = nil)
    throws(OperationFailure)
  {
    guard file.backing.isHuge, !range.isEmpty else { return }
    let hugeRange =
      file.hugeIndex(ofPage: range.lowerBound)...file.hugeIndex(ofPage: range.upperBound - 1)
    if hugeRange.count == 1 {
      return try restructure(file, folio: hugeRange.lowerBound, hint: range.lowerBound, mergeScope: mergeScope)
    }
    // Whole folios with a faultable index split; split ones without merge unless something holds them. Both are
    // found by runs: faultable pages for the first, split flags for the second.
    var toSplit: [Int] = []
    var toMerge: [Int] = []
    let pages =
      file.pageRange(ofHuge: hugeRange.lowerBound)
      .lowerBound..<file.pageRange(ofHuge: hugeRange.upperBound)
      .upperBound
    var p = pages.lowerBound
    while p < pages.upperBound {
      let h = file.hugeIndex(ofPage: p)
      let hp = file.pageRange(ofHuge: h)
      try tick("finding folios to split", done: p - pages.lowerBound, of: pages.count, at: p)
      let c = file.pages.counts(in: hp)
      if c.faultable > 0 && c.allocated > 0 && !file.split[h] { toSplit.append(h) }
      p = hp.upperBound
      if c.faultable == 0 || c.allocated == 0, p < pages.upperBound {
        // Skip to the next huge page holding an allocated faultable index.
        let next = file.pages.firstPage(in: p..<pages.upperBound, where: { $0.isFaultable && $0.isAllocated })
        p = next.map { file.pageRange(ofHuge: file.hugeIndex(ofPage: $0)).lowerBound } ?? pages.upperBound
      }
    }
    var h = hugeRange.lowerBound
    while let s = file.firstSplitFlag(in: h..<(hugeRange.upperBound + 1)) {
      h = s + 1
      guard file.isAllocated(huge: s) else { continue }
      if mayMerge(file, s, counts: file.pages.counts(in: file.pageRange(ofHuge: s)), scope: mergeScope) {
        toMerge.append(s)
      }
    }
    if !toSplit.isEmpty && settings.vmemmapRestoreFails {
      throw OperationFailure(
        .ENOMEM, at: UInt64(toSplit[0]) * file.backing.folioSize,
        "vmemmap restore failed while splitting folio \(toSplit[0])")
    }
    for (i, h) in toSplit.enumerated() {
      let hp = file.pageRange(ofHuge: h)
      try tick("splitting folios", done: (i + 1) * hp.count, of: toSplit.count * hp.count, at: hp.lowerBound)
      splitFolio(file, h, hint: max(range.lowerBound, hp.lowerBound))
    }
    noteSplits(file, toSplit)
    for h in toMerge { merge(file, h) }
    for run in runs(of: toMerge) {
      events.append(.merged(first: run.lowerBound, count: run.count, backing: file.backing))
    }
  }

  /// `restructure` of the one huge page `h`, with no lists: it splits when whole, allocated and holding a
  /// faultable index, and merges when split, allocated and holding none, as `mayMerge` allows.
  private func restructure(_ file: GmemFile, folio h: Int, hint: Int, mergeScope: Range<Int>?)
    throws(OperationFailure)
  {
    let hp = file.pageRange(ofHuge: h)
    try tick("finding folios to split", done: 0, of: hp.count, at: hp.lowerBound)
    let c = file.pages.counts(in: hp)
    if !file.split[h] {
      guard c.faultable > 0 && c.allocated > 0 else { return }
      if settings.vmemmapRestoreFails {
        throw OperationFailure(
          .ENOMEM, at: UInt64(h) * file.backing.folioSize, "vmemmap restore failed while splitting folio \(h)")
      }
      try tick("splitting folios", done: hp.count, of: hp.count, at: hp.lowerBound)
      splitFolio(file, h, hint: max(hint, hp.lowerBound))
      events.append(
        .split(
          first: h, count: 1, backing: file.backing, vmemmapRestored: settings.vmemmapRestored(per: file.backing)))
      return
    }
    // A huge page is allocated whole or not at all.
    guard c.allocated > 0, mayMerge(file, h, counts: c, scope: mergeScope) else { return }
    merge(file, h)
    events.append(.merged(first: h, count: 1, backing: file.backing))
  }

  /// Whether split huge page `h`, allocated and with counts `c`, merges: it holds no faultable index, the
  /// conversion's merge scope (all when nil) covers it and nothing maps or pins it. A folio that holds no faultable
  /// index but stays split is noted with what holds it.
  private func mayMerge(_ file: GmemFile, _ h: Int, counts c: PageCounts, scope: Range<Int>?) -> Bool {
    guard c.faultable == 0 else { return false }
    let hp = file.pageRange(ofHuge: h)
    let covered = scope.map { hp.lowerBound >= $0.lowerBound && hp.upperBound <= $0.upperBound } ?? true
    let uncovered = covered ? nil : policy.mergeRule.uncoveredReason
    if let reason = mergeBlocker(file, h, counts: c) {
      events.append(
        .mergeBlocked(folio: h, reason: ([uncovered].compactMap { $0 } + [reason]).joined(separator: ", ")))
      return false
    }
    if let uncovered {
      events.append(.mergeBlocked(folio: h, reason: uncovered))
      return false
    }
    return true
  }

  /// Merges split huge page `h` back into one folio.
  private func merge(_ file: GmemFile, _ h: Int) {
    file.setSplit(h, false)
    file.splitFolios -= 1
    file.wholeFolios += 1
    file.setSplitCause(h, nil)
  }

  /// What keeps split huge page `h` from merging, or nil when nothing does.
  func mergeBlocker(_ file: GmemFile, _ h: Int, counts c: PageCounts) -> String? {
    var reasons: [String] = []
    let hp = file.pageRange(ofHuge: h)
    func first(_ what: (PageState) -> Bool) -> String {
      hex(Geometry.offset(ofPage: file.pages.firstPage(in: hp, where: what) ?? hp.lowerBound))
    }
    if c.faultable > 0 {
      let word = policy.hostFaultGate.word
      reasons.append(
        "\(c.faultable) \(word) page\(c.faultable == 1 ? "" : "s") (first \(first { $0.isFaultable }))"
      )
    }
    if c.mapped > 0 {
      reasons.append(
        "\(c.mapped) host-mapped page\(c.mapped == 1 ? "" : "s") (first \(first { $0.isMapped }))")
    }
    if c.pinned > 0 {
      reasons.append(
        "\(c.pinned) pinned page\(c.pinned == 1 ? "" : "s") (first \(first { $0.isPinned }))")
    }
    if c.allocated < hp.count { reasons.append("\(hp.count - c.allocated) pages not allocated") }
    return reasons.isEmpty ? nil : reasons.joined(separator: ", ")
  }

  /// Zaps every SPTE that maps a page of `range`; a huge SPTE is zapped whole, wherever it reaches.
  func zapSPTEs(_ file: GmemFile, pages range: Range<Int>, only filter: ((PageState) -> Bool)? = nil) {
    guard file.pages.counts(in: range).spte > 0 else { return }
    var spans: [Range<Int>] = []
    var entries = 0
    file.pages.forEachRun(in: range) { run, s in
      if let filter, !filter(s) { return }
      switch s.spte {
      case .none: return
      case .pte4K:
        spans.append(run)
        entries += run.count
      case .pmd2M, .pud1G:
        var p = run.lowerBound
        while p < run.upperBound {
          let span = spteSpan(file, page: p, level: s.spte)
          spans.append(span)
          entries += 1
          p = max(p + 1, span.upperBound)
        }
      }
    }
    guard !spans.isEmpty else { return }
    var lo = Int.max
    var hi = 0
    for span in spans {
      file.pages.modify(span, unchangedWhen: { $0.spte == 0 }, transform: { $0.spte = .none })
      lo = min(lo, span.lowerBound)
      hi = max(hi, span.upperBound)
    }
    events.append(.sptesZapped(FileRange(pages: lo..<hi), entries: entries))
  }

  /// The file pages covered by the SPTE of `level` that maps page `p`.
  func spteSpan(_ file: GmemFile, page p: Int, level: SPTELevel) -> Range<Int> {
    let off = Geometry.offset(ofPage: p)
    guard level > .pte4K, let slot = memslot(binding: off) else { return p..<(p + 1) }
    let gpa = slot.gpa(ofOffset: off)
    let base = gpa & ~(level.size - 1)
    let start = slot.offset(ofGPA: base) ?? off
    let first = Geometry.page(ofOffset: start)
    return max(0, first)..<min(file.pageCount, first + Geometry.page(ofOffset: level.size))
  }

  /// Zaps the host PTEs of `processes` (all when nil) over `range`.
  func unmapHostPTEs(_ file: GmemFile, pages range: Range<Int>, processes: [Int]? = nil) {
    guard file.pages.counts(in: range).mapped > 0 else { return }
    for p in processes ?? file.mappedBy.sorted() {
      let bit = PageState.mappedBit(process: p)
      var n = 0
      var lo = Int.max
      var hi = 0
      file.pages.forEachRun(in: range) { run, s in
        guard s.raw & bit != 0 else { return }
        n += run.count
        lo = min(lo, run.lowerBound)
        hi = max(hi, run.upperBound)
      }
      guard n > 0 else { continue }
      file.pages.modify(lo..<hi, unchangedWhen: { $0.mapped == 0 }, transform: { $0.raw &= ~bit })
      events.append(.hostPTEsUnmapped(FileRange(pages: lo..<hi), process: p, pages: n))
    }
  }

  /// Runs of consecutive integers in a sorted list.
  func runs(of sorted: [Int]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    for h in sorted {
      if let last = out.last, last.upperBound == h {
        out[out.count - 1] = last.lowerBound..<(h + 1)
      } else {
        out.append(h..<(h + 1))
      }
    }
    return out
  }
}
