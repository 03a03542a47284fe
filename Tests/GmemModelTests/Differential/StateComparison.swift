import GmemModel

/// Compares the real model with the naive one after a step: VM, memslots, VM attributes, the file, every
/// page, folio shapes, orphans, per-block and per-region counts, and every `CounterName`.
enum StateComparison {
  /// The first difference, in words, or nil when the two models agree.
  static func firstDifference(real: GuestMemfdModel, naive: NaiveModel) -> String? {
    if real.profile != naive.profile { return "profile: real \(real.profile), naive \(naive.profile)" }
    if real.vm != naive.vm { return "vm: real \(String(describing: real.vm)), naive \(String(describing: naive.vm))" }
    let realSlots = real.memslots.map { NaiveSlot(slot: $0.slot, gpa: $0.gpa, offset: $0.offset, size: $0.size) }
    if realSlots != naive.slots { return "memslots: real \(realSlots), naive \(naive.slots)" }
    if let d = attributeDifference(real: real, naive: naive) { return d }
    var totals = PageCounts()
    switch (real.file, naive.file) {
    case (nil, nil): break
    case (let rf?, nil): return "file: real has one (\(hex(rf.size)), open \(rf.isOpen)), naive has none"
    case (nil, let nf?): return "file: naive has one (\(hex(nf.size)), open \(nf.isOpen)), real has none"
    case (let rf?, let nf?):
      if let d = fileDifference(real: real, rf, nf) { return d }
      if let d = pageDifference(real: real, rf, nf, totals: &totals) { return d }
    }
    let restored = naive.file.map { f -> UInt64 in
      guard f.backing != .base4K, naive.hvo else { return 0 }
      let split = (0..<f.hugeCount).filter { f.isAllocated(huge: $0) && f.split[$0] }.count
      return UInt64(split) * (UInt64(f.pagesPerHuge) * 64 - 4096)
    }
    if real.vmemmapRestoredBytes != restored ?? 0 {
      return "vmemmap restored: real \(real.vmemmapRestoredBytes), naive \(restored ?? 0)"
    }
    for name in CounterName.allCases {
      let want = UInt64(max(0, counter(name, naive, totals)))
      let got = real.counter(name)
      if want != got { return "counter \(name.rawValue): real \(got), naive \(want)" }
    }
    return nil
  }

  /// The VM's private gfns (rfc1, upstream).
  private static func attributeDifference(real: GuestMemfdModel, naive: NaiveModel) -> String? {
    let ranges = real.memAttrs.privateRanges
    let total = ranges.reduce(0) { $0 + $1.count }
    if total != naive.privateGFNs.count {
      return "VM attributes: real has \(total) private gfns, naive \(naive.privateGFNs.count)"
    }
    for r in ranges {
      if let g = r.first(where: { !naive.privateGFNs.contains($0) }) {
        return "VM attributes: gfn \(hex(g)) is private in real, shared in naive"
      }
    }
    return nil
  }

  private static func fileDifference(real: GuestMemfdModel, _ rf: GmemFile, _ nf: NaiveFile) -> String? {
    if rf.size != nf.size || rf.backing != nf.backing {
      return "file: real \(hex(rf.size)) \(rf.backing.rawValue), naive \(hex(nf.size)) \(nf.backing.rawValue)"
    }
    if rf.flags.mmap != nf.mmapAllowed || rf.flags.initShared != nf.initShared {
      return "flags: real mmap \(rf.flags.mmap) init-shared \(rf.flags.initShared), "
        + "naive mmap \(nf.mmapAllowed) init-shared \(nf.initShared)"
    }
    if rf.isOpen != nf.isOpen { return "file open: real \(rf.isOpen), naive \(nf.isOpen)" }
    if rf.mappedBy != nf.mappedBy { return "mapped by: real \(rf.mappedBy.sorted()), naive \(nf.mappedBy.sorted())" }
    if rf.pageCount != nf.pageCount { return "pages: real \(rf.pageCount), naive \(nf.pageCount)" }
    return nil
  }

  /// Every page, in one pass over the real model's runs (which must tile the file in order): the naive
  /// page's state, orphans, and block, region and file counts. Then `page(_:)` and `folioShape(ofPage:)` on
  /// every page of a small file, or at every block edge, every change of state and every 61st page of a
  /// larger one.
  private static func pageDifference(
    real: GuestMemfdModel, _ rf: GmemFile, _ nf: NaiveFile, totals: inout PageCounts
  ) -> String? {
    let pages = nf.pages
    let n = pages.count
    func mismatch(_ p: Int, _ got: PageState) -> String {
      "page \(p) (offset \(hex(UInt64(p) * 4096))): real [\(describe(got))], naive [\(describe(pages[p].packed))]"
    }
    var result: String?
    var next = 0
    var block = PageCounts()
    var region = PageCounts()
    var orphanPages = 0
    var previous: UInt32?
    var checkpoints: [Int] = []
    rf.pages.forEachRun(in: 0..<n) { run, s in
      guard result == nil else { return }
      guard run.lowerBound == next, run.upperBound <= n, !run.isEmpty else {
        result = "forEachRun gave pages \(run) after \(next)"
        return
      }
      next = run.upperBound
      for p in run {
        let page = pages[p]
        let raw = page.raw
        if raw != s.raw {
          result = mismatch(p, s)
          return
        }
        if raw != previous && checkpoints.count < 4096 { checkpoints.append(p) }
        previous = raw
        if page.orphans > 0 {
          orphanPages += 1
          if real.orphans(at: p) != page.orphans {
            result = "orphans at \(hex(UInt64(p) * 4096)): real \(real.orphans(at: p)), naive \(page.orphans)"
            return
          }
        }
        count(page, into: &block)
        if p % 512 == 511 || p == n - 1 {
          if real.counts(block: p / 512) != block {
            result = "counts of block \(p / 512): real \(real.counts(block: p / 512)), naive \(block)"
            return
          }
          region += block
          totals += block
          block = PageCounts()
        }
        if p % 262_144 == 262_143 || p == n - 1 {
          if real.counts(region: p / 262_144) != region {
            result = "counts of region \(p / 262_144): real \(real.counts(region: p / 262_144)), naive \(region)"
            return
          }
          region = PageCounts()
        }
      }
    }
    if let result { return result }
    if next != n { return "forEachRun stopped at page \(next) of \(n)" }
    let realOrphanPages = rf.orphans.total(in: 0..<rf.pageCount) { _ in 1 }
    if realOrphanPages != orphanPages {
      return "orphans: real has \(realOrphanPages) orphaned pages, naive \(orphanPages)"
    }
    var sample = checkpoints
    if n <= 512 {
      sample = Array(0..<n)
    } else {
      for p in stride(from: 0, to: n, by: 512) { sample += [p, min(n, p + 512) - 1] }
      for p in stride(from: 0, to: n, by: 61) { sample.append(p) }
    }
    for p in sample {
      guard let got = real.page(p) else { return "page \(p): real has none" }
      if got.raw != pages[p].raw { return "page(\(p)) disagrees with the runs: " + mismatch(p, got) }
      let shape = folioShape(nf, p)
      if real.folioShape(ofPage: p) != shape {
        return "folio shape at \(hex(UInt64(p) * 4096)): real \(real.folioShape(ofPage: p)), naive \(shape)"
      }
    }
    return nil
  }

  private static func folioShape(_ f: NaiveFile, _ p: Int) -> FolioShape {
    guard f.pages[p].allocated else { return .hole }
    guard f.backing != .base4K else { return .base }
    return f.split[f.huge(ofPage: p)] ? .split : .whole
  }

  /// Adds one page to counts.
  private static func count(_ page: NaivePage, into c: inout PageCounts) {
    c.pages += 1
    if page.isPrivate { c.private += 1 }
    if page.faultable { c.faultable += 1 }
    if page.allocated { c.allocated += 1 }
    if page.uptodate { c.uptodate += 1 }
    if page.pins > 0 { c.pinned += 1 }
    if page.spte != .none { c.spte += 1 }
    if page.mappedBy != 0 { c.mapped += 1 }
  }

  /// A global counter of the naive model, from the counts of its pages.
  private static func counter(_ name: CounterName, _ m: NaiveModel, _ c: PageCounts) -> Int {
    let huge = m.file.map { f in (0..<f.hugeCount).filter { f.isAllocated(huge: $0) } } ?? []
    let poolBacking = m.file.map { $0.backing == .base4K ? .huge1G : $0.backing } ?? .huge1G
    switch name {
    case .pages: return c.pages
    case .allocated: return c.allocated
    case .shared: return c.pages - c.private
    case .private: return c.private
    case .faultable: return c.faultable
    case .mapped: return c.mapped
    case .pinned: return c.pinned
    case .spte: return c.spte
    case .wholeFolios: return huge.filter { !m.file!.split[$0] }.count
    case .splitFolios: return huge.filter { m.file!.split[$0] }.count
    case .poolFree: return m.poolFree(poolBacking)
    case .poolResv: return m.poolResv(poolBacking)
    case .vmemmapRestored:
      // HVO keeps one 4 KiB page of a huge folio's struct pages (64 bytes each); a split restores the rest.
      guard m.hvo, let file = m.file, file.backing.isHuge else { return 0 }
      return huge.filter { file.split[$0] }.count * (file.backing.pagesPerFolio * 64 - 4096)
    }
  }

  /// A page's state in words.
  static func describe(_ s: PageState) -> String {
    var words = [s.isPrivate ? "private" : "shared"]
    if s.isFaultable { words.append("faultable") }
    words.append(s.isAllocated ? "allocated" : "hole")
    if s.isUptodate { words.append("uptodate") }
    if s.isPinned { words.append("pinned") }
    if s.spte != .none { words.append("spte=\(s.spte.name)") }
    if s.mappedProcesses != 0 {
      words.append("mapped by " + (1...8).filter { s.isMapped(by: $0) }.map(String.init).joined(separator: ","))
    }
    words.append("content \(hex(UInt64(s.content)))")
    return words.joined(separator: " ")
  }
}
