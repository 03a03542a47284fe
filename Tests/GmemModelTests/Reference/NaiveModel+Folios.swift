import GmemModel

// Folios and what hangs off them, page by page: allocation, free, split and merge, SPTE and host PTE zaps,
// punching (spec §1.3, §2.3, §2.10).
extension NaiveModel {
  /// Gives every hole in `range` a folio; for HugeTLB the whole huge page around it. A new folio is not
  /// uptodate. A huge page allocated while any of its indices is faultable is split at once [F2 try_split].
  /// With `vmemmapRestoreFails`, the first huge page that would need that split fails the call with ENOMEM;
  /// the huge pages before it stay allocated.
  func allocateFolios(_ file: NaiveFile, pages range: Range<Int>) throws {
    guard file.backing != .base4K else {
      for p in range { file.pages[p].allocated = true }
      return
    }
    for h in file.hugePages(overlapping: range) where !file.isAllocated(huge: h) {
      let hp = file.pages(ofHuge: h)
      if vmemmapRestoreFails && hp.contains(where: { file.pages[$0].faultable }) {
        throw NaiveFailure(.ENOMEM, at: UInt64(hp.lowerBound) * 4096)
      }
      // The subpool's reservations: the huge pages neither allocated nor held by orphans.
      if file.hugeCount - file.allocatedHugeCount - file.held.count == 0 {
        throw NaiveFailure(.ENOMEM, at: UInt64(hp.lowerBound) * 4096)
      }
      for p in hp { file.pages[p].allocated = true }
      file.split[h] = false
      if hp.contains(where: { file.pages[$0].faultable }) { splitHuge(file, h) }
    }
  }

  /// Frees the folios of `range` (base pages, or whole huge pages): pinned pages become orphans, and the pages
  /// lose their folio, uptodate and contents.
  func freePages(_ file: NaiveFile, pages range: Range<Int>) {
    // A huge page freed with pinned pages is held out of the pool by them until they are unpinned.
    if file.backing != .base4K {
      for h in file.hugePages(overlapping: range) where file.isAllocated(huge: h) {
        var pins: [Int: Int] = [:]
        for p in file.pages(ofHuge: h) where file.pages[p].pins > 0 { pins[p] = file.pages[p].pins }
        if !pins.isEmpty { file.held.append(pins) }
      }
    }
    for p in range {
      file.pages[p].orphans += file.pages[p].pins
      file.pages[p].pins = 0
      file.pages[p].allocated = false
      file.pages[p].uptodate = false
      file.pages[p].content = 0
    }
    for h in file.hugePages(overlapping: range) { file.split[h] = false }
  }

  /// Splits huge page `h` into 4 KiB folios. A huge SPTE cannot outlive the folio order that allowed it:
  /// when the folio has one, every SPTE of the folio is zapped.
  func splitHuge(_ file: NaiveFile, _ h: Int) {
    let hp = file.pages(ofHuge: h)
    if hp.contains(where: { file.pages[$0].spte > .pte4K }) { zapSPTEs(file, pages: hp) }
    file.split[h] = true
  }

  /// After faultability changed over `range`: a huge folio is split when an index in it is faultable, and a
  /// split one merges back when none is and no page of it is host-mapped or pinned (rfc1 P39, rfc2, §2.10).
  /// With `vmemmapRestoreFails`, a needed split fails everything with ENOMEM at its folio.
  /// Only huge pages inside `mergeScope` (every one when nil) may merge: rfc1's
  /// kvm_gmem_try_reconstruct_folios_range takes only the huge pages the conversion covers whole.
  func restructure(_ file: NaiveFile, pages range: Range<Int>, mergeScope: Range<Int>? = nil) throws {
    var toSplit: [Int] = []
    var toMerge: [Int] = []
    for h in file.hugePages(overlapping: range) where file.isAllocated(huge: h) {
      let hp = file.pages(ofHuge: h)
      let faultable = hp.contains { file.pages[$0].faultable }
      if !file.split[h] && faultable {
        toSplit.append(h)
      } else if file.split[h] && !faultable
        && (mergeScope.map { hp.lowerBound >= $0.lowerBound && hp.upperBound <= $0.upperBound } ?? true)
        && !hp.contains(where: { file.pages[$0].mappedBy != 0 || file.pages[$0].pins > 0 })
      {
        toMerge.append(h)
      }
    }
    if let h = toSplit.first, vmemmapRestoreFails {
      throw NaiveFailure(.ENOMEM, at: UInt64(h) * file.backing.folioSize)
    }
    for h in toSplit { splitHuge(file, h) }
    for h in toMerge { file.split[h] = false }
  }

  /// With `vmemmapRestoreFails`, ENOMEM at the first allocated whole huge folio over `range`, which a
  /// conversion to shared would have to split.
  func checkVmemmap(_ file: NaiveFile, pages range: Range<Int>) throws {
    guard vmemmapRestoreFails else { return }
    if let h = file.hugePages(overlapping: range).first(where: { file.isAllocated(huge: $0) && !file.split[$0] }) {
      throw NaiveFailure(.ENOMEM, at: UInt64(h) * file.backing.folioSize)
    }
  }

  /// The file pages one SPTE of `level` covers when it maps page `p`: the gpa-aligned `level`-sized range,
  /// through the memslot binding `p`.
  func spteSpan(_ file: NaiveFile, page p: Int, level: SPTELevel) -> Range<Int> {
    guard level > .pte4K, let slot = slot(binding: p) else { return p..<(p + 1) }
    let gpa = slot.gpa + (UInt64(p) * 4096 - slot.offset)
    let base = gpa / level.size * level.size
    let start = base >= slot.gpa && base - slot.gpa < slot.size ? slot.offset + (base - slot.gpa) : UInt64(p) * 4096
    let first = Int(start / 4096)
    return max(0, first)..<min(file.pageCount, first + Int(level.size / 4096))
  }

  /// Zaps every SPTE that maps a page of `range`; a huge SPTE goes whole, wherever it reaches.
  func zapSPTEs(_ file: NaiveFile, pages range: Range<Int>) {
    var spans: [Range<Int>] = []
    for p in range where file.pages[p].spte != .none {
      let span = spteSpan(file, page: p, level: file.pages[p].spte)
      if let last = spans.last, last == span { continue }  // the same SPTE as the page before
      spans.append(span)
    }
    for span in spans {
      for q in span { file.pages[q].spte = .none }
    }
  }

  /// Zaps the host PTEs of every process over `range`.
  func unmapAllProcesses(_ file: NaiveFile, pages range: Range<Int>) {
    for p in range { file.pages[p].mappedBy = 0 }
  }

  /// A host fault of each page of `range` that process `proc` does not map yet: allocate the folio, zero it
  /// if it is not uptodate, map it. Every page must be faultable.
  /// A failed allocation is SIGBUS at that page.
  func faultIn(_ file: NaiveFile, pages range: Range<Int>, process proc: Int) throws {
    for p in range where !file.pages[p].isMapped(by: proc) {
      if !file.pages[p].allocated {
        do {
          try allocateFolios(file, pages: p..<(p + 1))
        } catch {
          throw NaiveFailure(outcome: .signal(.SIGBUS, at: UInt64(p) * 4096))
        }
      }
      zeroIfStale(file, page: p)
      file.pages[p].setMapped(by: proc, true)
    }
  }

  /// First use of a page that is not uptodate: zero it and mark it.
  func zeroIfStale(_ file: NaiveFile, page p: Int) {
    if !file.pages[p].uptodate {
      file.pages[p].uptodate = true
      file.pages[p].content = 0
    }
  }

  /// PUNCH_HOLE (and MADV_REMOVE) over whole pages: zap SPTEs and host PTEs, free base pages and whole huge
  /// pages, zero the covered part of a huge page that is only partly covered; the attribute stays (§2.3).
  func punchPages(_ file: NaiveFile, _ range: Range<Int>) throws {
    zapSPTEs(file, pages: range)
    unmapAllProcesses(file, pages: range)
    guard file.backing != .base4K else {
      freePages(file, pages: range)
      return
    }
    var whole: [Int] = []
    var partial: [Range<Int>] = []
    for h in file.hugePages(overlapping: range) {
      let hp = file.pages(ofHuge: h)
      let covered = max(hp.lowerBound, range.lowerBound)..<min(hp.upperBound, range.upperBound)
      if covered == hp {
        whole.append(h)
      } else if file.isAllocated(huge: h) {
        partial.append(covered)
      }
    }
    if profile == .rfc2 {
      // A split huge page must merge before it is freed; a pinned page's refcount makes that fail
      // [F2 kvm_gmem_merge_truncate_indices].
      for h in whole where file.isAllocated(huge: h) && file.split[h] {
        if file.pages(ofHuge: h).contains(where: { file.pages[$0].pins > 0 }) {
          throw NaiveFailure(.EAGAIN)  // fallocate reports no offset
        }
      }
    }
    for covered in partial {
      for p in covered { file.pages[p].content = 0 }
    }
    for h in whole { freePages(file, pages: file.pages(ofHuge: h)) }
  }
}
