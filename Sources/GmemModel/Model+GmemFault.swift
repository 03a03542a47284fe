// The guest's fault path through guest_memfd (kvm_gmem_get_pfn): allocate the folio, zero it on first use, map it
// at the largest SPTE level the folio, the attributes and the memslot allow (spec §2.9, §7).
extension GuestMemfdModel {
  /// A guest access to `chunk`, pages of one memslot with one attribute (which stays the same up to
  /// `uniformEnd`), served by guest_memfd. Pages that map alike are handled together: a run of 4 KiB folios, or a
  /// run of whole huge folios each mapped by one SPTE of the folio's order.
  func gmemAccess(
    _ file: GmemFile, _ chunk: Range<Int>, slot: Memslot, uniformEnd: Int, _ access: inout GuestAccess
  ) throws(OperationFailure) {
    // kvm_gmem_get_pfn allocates each folio the access reaches; one it cannot allocate ends the access there.
    var reach = chunk
    var failure: OperationFailure?
    do {
      try allocateForGuest(file, pages: chunk)
    } catch let f {
      guard case .errno(_, let at?) = f.outcome else { throw f }
      reach = chunk.lowerBound..<max(chunk.lowerBound, Geometry.page(ofOffset: at))
      failure = f
    }
    var q = reach.lowerBound
    while q < reach.upperBound {
      try tick("faulting in guest pages", done: q - reach.lowerBound, of: reach.count, at: q)
      let level = spteLevel(file, page: q, slot: slot)
      let folio = folioPages(file, page: q)
      if level == .pte4K {
        let stop = fourKEnd(file, from: q, folio: folio, slot: slot, limit: reach.upperBound)
        zeroOnFirstUse(file, pages: folio.count == 1 ? q..<stop : folio)
        installSPTE(file, q..<stop, level: .pte4K, entries: stop - q, &access)
        access1(file, q..<stop, &access)
        q = stop
        continue
      }
      let span = spteSpan(file, page: q, level: level)
      guard level == file.backing.spteLevel, span == folio else {
        zeroOnFirstUse(file, pages: folio)
        installSPTE(file, span, level: level, entries: 1, &access)
        let stop = min(reach.upperBound, span.upperBound)
        access1(file, q..<stop, &access)
        q = stop
        continue
      }
      // Each following whole folio inside the slot and the attribute's run maps the same way.
      let batch = span.lowerBound..<wholeFoliosEnd(file, from: span.upperBound, limit: uniformEnd, reach: reach)
      zeroWholeFolios(file, batch)
      let entries = spansNotMapped(file, batch, level: level, spanPages: span.count)
      installSPTE(file, batch, level: level, entries: entries, &access)
      let stop = min(reach.upperBound, batch.upperBound)
      access1(file, q..<stop, &access)
      q = stop
    }
    if let failure { throw failure }
  }

  /// The pages of the folio holding page `q`: the whole huge folio, or the 4 KiB page.
  func folioPages(_ file: GmemFile, page q: Int) -> Range<Int> {
    guard file.backing.isHuge else { return q..<(q + 1) }
    let h = file.hugeIndex(ofPage: q)
    return file.split[h] ? q..<(q + 1) : file.pageRange(ofHuge: h)
  }

  /// The SPTE level KVM would map page `q` at: the smallest of what the folio order allows, what the
  /// attributes allow (no mixed range, spec §2.9 [LPAGE]; order 0 when a huge range holds a shared index,
  /// §6 row 20) and what the memslot's alignment allows.
  func spteLevel(_ file: GmemFile, page q: Int, slot: Memslot) -> SPTELevel {
    guard file.backing.isHuge, !file.split[file.hugeIndex(ofPage: q)] else {
      return .pte4K
    }
    let isPrivate = file.pages.state(at: q).isPrivate
    let off = Geometry.offset(ofPage: q)
    let gpa = slot.gpa(ofOffset: off)
    for level in [SPTELevel.pud1G, .pmd2M] where level <= file.backing.spteLevel {
      let size = level.size
      // disallow_lpage when base gfn and pgoff are misaligned, or the huge gfn range leaves the slot.
      guard (slot.gpa &- slot.offset) % size == 0 else { continue }
      let base = gpa & ~(size - 1)
      guard base >= slot.gpa, base + size <= slot.gpa + slot.size,
        let start = slot.offset(ofGPA: base)
      else {
        continue
      }
      let span = Geometry.page(ofOffset: start)..<Geometry.page(ofOffset: start + size)
      let c = file.pages.counts(in: span)
      if c.private == (isPrivate ? span.count : 0) { return level }
    }
    return .pte4K
  }

  /// Allocates the folios of `range` that are holes; a failure names the first page the access could not reach.
  private func allocateForGuest(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) {
    guard file.pages.counts(in: range).allocated < range.count else { return }
    do {
      try allocateFolios(file, pages: range)
    } catch let failure {
      var p = range.lowerBound
      if case .errno(_, let at?) = failure.outcome { p = max(p, Geometry.page(ofOffset: at)) }
      throw OperationFailure(
        .ENOMEM, at: Geometry.offset(ofPage: p), "kvm_gmem_get_pfn could not allocate: \(failure.detail)")
    }
  }

  /// The end of the pages from `q` that map at 4K through the folios `folio` belongs to: 4 KiB folios up to the
  /// end of the huge page, or a whole huge folio up to the next 2M of guest addresses (where a huge level may
  /// be allowed again).
  private func fourKEnd(_ file: GmemFile, from q: Int, folio: Range<Int>, slot: Memslot, limit: Int) -> Int {
    guard file.backing.isHuge else { return limit }
    let hp = file.pageRange(ofHuge: file.hugeIndex(ofPage: q))
    var stop = min(limit, hp.upperBound)
    if folio.count > 1 && (slot.gpa &- slot.offset) % SPTELevel.pmd2M.size == 0 {
      stop = min(stop, (q / Geometry.pagesPerBlock + 1) * Geometry.pagesPerBlock)
    }
    return stop
  }

  /// The end of the run of whole huge folios from `p` (a folio boundary) that lie before `limit`, and start before
  /// the end of `reach`.
  private func wholeFoliosEnd(_ file: GmemFile, from p: Int, limit: Int, reach: Range<Int>) -> Int {
    let n = file.pagesPerFolio
    let last = min(limit / n, (reach.upperBound + n - 1) / n)
    guard p / n < last else { return p }
    let firstSplit = file.firstSplitFlag(in: (p / n)..<last) ?? last
    return firstSplit * n
  }

  /// Zeroes and marks uptodate every whole huge folio of `range` that is not uptodate, one event per run of
  /// consecutive folios (folio_zero_user on each).
  private func zeroWholeFolios(_ file: GmemFile, _ range: Range<Int>) {
    guard file.pages.counts(in: range).uptodate < range.count else { return }
    var stale: [Range<Int>] = []
    file.pages.forEachRun(in: range) { run, s in
      guard !s.isUptodate else { return }
      let folios = file.hugeIndex(ofPage: run.lowerBound)..<(file.hugeIndex(ofPage: run.upperBound - 1) + 1)
      if let last = stale.last, last.upperBound >= folios.lowerBound {
        stale[stale.count - 1] = last.lowerBound..<max(last.upperBound, folios.upperBound)
      } else {
        stale.append(folios)
      }
    }
    for folios in stale {
      let pages =
        file.pageRange(ofHuge: folios.lowerBound)
        .lowerBound..<file.pageRange(ofHuge: folios.upperBound - 1)
        .upperBound
      zeroStalePages(file, pages)
      events.append(.zeroedOnFault(FileRange(pages: pages), folios: folios.count))
    }
  }

  /// The SPTE spans of `spanPages` pages tiling `range` that hold a page not mapped at `level`.
  private func spansNotMapped(_ file: GmemFile, _ range: Range<Int>, level: SPTELevel, spanPages: Int) -> Int {
    var n = 0
    var next = range.lowerBound
    file.pages.forEachRun(in: range) { run, s in
      guard s.spte != level else { return }
      let first = max(next, range.lowerBound + (run.lowerBound - range.lowerBound) / spanPages * spanPages)
      guard first < run.upperBound else { return }
      let spans = (run.upperBound - first + spanPages - 1) / spanPages
      n += spans
      next = first + spans * spanPages
    }
    return n
  }
}
