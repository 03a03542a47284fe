// Pinned pages that leave the file (orphans) and the huge pages they hold out of the pool (spec §1.4, §2.6,
// §2.10), kept as runs of pages.
extension GuestMemfdModel {
  /// Pinned pages in `range` leave the file but stay alive until unpinned; returns the pins each page left with.
  @discardableResult
  func orphanPinned(_ file: GmemFile, pages range: Range<Int>) -> RunMap<Int> {
    guard file.pages.counts(in: range).pinned > 0 else { return RunMap() }
    var created = RunMap<Int>()
    var pages = 0
    var lo = Int.max
    var hi = 0
    file.pages.forEachRun(in: range) { run, s in
      guard s.isPinned else { return }
      created.set(run, to: 1)
      file.extraPins.forEachRun(in: run) { r, n in created.set(r, to: 1 + n) }
      file.extraPins.set(run, to: nil)
      pages += run.count
      lo = min(lo, run.lowerBound)
      hi = max(hi, run.upperBound)
    }
    created.forEachRun(in: lo..<hi) { r, n in file.orphans.update(r) { ($0 ?? 0) + n } }
    file.pages.modify(range) { $0.isPinned = false }
    events.append(.orphaned(FileRange(pages: lo..<hi), pages: pages))
    return created
  }

  /// One pin of each orphan page of `released` (sorted, disjoint runs) was dropped: for each page the oldest held
  /// huge page holding it lets it go, and a held huge page goes back to the pool once it holds nothing (its subpool
  /// reservation with it), in the order they empty.
  func releaseHeld(_ file: GmemFile, pages released: [Range<Int>]) {
    var remaining = released
    var emptied: [(page: Int, huge: Int)] = []
    for g in file.heldHugePages.indices where !remaining.isEmpty {
      var touched: [Range<Int>] = []
      var next: [Range<Int>] = []
      for r in remaining {
        file.heldHugePages[g].forEachRun(in: r) { run, _ in touched.append(run) }
        next += file.heldHugePages[g].gaps(in: r)
      }
      // The huge pages touched, each with the last of its pages released (where it would empty).
      var hugePages: [(huge: Int, last: Int)] = []
      for run in touched {
        file.heldHugePages[g].update(run) { $0.flatMap { $0 == 1 ? nil : $0 - 1 } }
        for h in file.hugeIndex(ofPage: run.lowerBound)...file.hugeIndex(ofPage: run.upperBound - 1) {
          let last = min(run.upperBound, file.pageRange(ofHuge: h).upperBound) - 1
          if hugePages.last?.huge == h {
            hugePages[hugePages.count - 1].last = last
          } else {
            hugePages.append((h, last))
          }
        }
      }
      for (h, last) in hugePages where !file.heldHugePages[g].contains(in: file.pageRange(ofHuge: h)) {
        emptied.append((last, h))
      }
      remaining = next
    }
    file.heldHugePages.removeAll { $0.isEmpty }
    for (_, h) in emptied.sorted(by: { $0.page < $1.page }) {
      file.subpoolReserved += 1
      poolFree[file.backing, default: 0] += 1
      poolResv[file.backing, default: 0] += 1
      events.append(.hugePageReturned(FileRange(pages: file.pageRange(ofHuge: h)), backing: file.backing))
      notePool(file.backing)
    }
  }
}
