import Testing

@testable import GmemModel

/// A region that differs in a few pages is kept sparse by `set(page:to:)` (issue 12: a one-page conversion), turns
/// into blocks past `BlockDetail.sparseLimit` pages and back to one state when the last page agrees again; every
/// reader sees the same pages as a plain array, through copies too.
@Suite("Sparse regions")
struct SparseRegionTests {
  /// A whole region and a partial one.
  static let pageCount = Geometry.pagesPerRegion + 2 * Geometry.pagesPerBlock + 5

  @Test(arguments: [1, 2])
  func pagesSetOneByOneAgreeWithAnArray(_ seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    // Pages to set: enough in region 0 to pass the sparse limit, a few in region 1, block edges among them.
    let pool =
      (0..<40).map { _ in rng.below(Geometry.pagesPerRegion) } + [0, 511, 512, Geometry.pagesPerRegion - 1]
      + (0..<6).map { _ in Geometry.pagesPerRegion + rng.below(Self.pageCount - Geometry.pagesPerRegion) }
    var store = PageStore(pageCount: Self.pageCount, state: PageState(raw: 4))
    var pages = Array(repeating: UInt32(4), count: Self.pageCount)
    var kept: [(PageStore, [UInt32])] = []
    var sawSparse = false
    var sawDetailed = false
    for step in 0..<2000 {
      switch rng.below(100) {
      case 0..<85:
        let p = rng.pick(pool)
        let value: UInt32 = rng.pick([4, 4, 4, 5, 6])
        store.set(page: p, to: PageState(raw: value))
        pages[p] = value
      case 85..<92:
        let p = rng.pick(pool)
        let range = p..<min(Self.pageCount, p + 1 + rng.below(700))
        let value: UInt32 = rng.pick([4, 5])
        store.modify(range) { $0.raw = value }
        for i in range { pages[i] = value }
      case 92..<96:
        kept.append((store, pages))
        store = store.copy()
      default:
        // Back to the original's state and a fresh copy of it: the original must not have changed.
        if let (old, oldPages) = kept.popLast() {
          expect(old, oldPages, "step \(step), an earlier copy")
          store = old.copy()
          pages = oldPages
        }
      }
      switch store.regions[0] {
      case .sparse: sawSparse = true
      case .detailed: sawDetailed = true
      case .uniform: break
      }
      if step % 250 == 0 { expect(store, pages, "step \(step)") }
    }
    expect(store, pages, "the end")
    #expect(sawSparse && sawDetailed, "the walk should keep region 0 sparse and detailed at times")
  }

  /// Every reader against the array: states, runs, counts of ranges, blocks and regions, uniform states.
  private func expect(_ store: PageStore, _ pages: [UInt32], _ when: String) {
    #expect(store.auditCounts() == [], "\(when)")
    var differs = 0
    store.forEachRun(in: 0..<Self.pageCount) { run, s in
      for i in run where pages[i] != s.raw { differs += 1 }
    }
    #expect(differs == 0, "\(when): \(differs) pages differ in the runs")
    for p in stride(from: 0, to: Self.pageCount, by: 997) + [0, 511, 512, Self.pageCount - 1] {
      #expect(store.state(at: p).raw == pages[p], "\(when): page \(p)")
    }
    for b in 0..<store.blockCount {
      let slice = pages[(b * Geometry.pagesPerBlock)..<min(Self.pageCount, (b + 1) * Geometry.pagesPerBlock)]
      let want = count(slice)
      #expect(store.counts(block: b) == want, "\(when): block \(b)")
      let uniform = slice.allSatisfy { $0 == slice.first } ? slice.first : nil
      #expect(store.uniformState(block: b)?.raw == uniform, "\(when): block \(b)")
    }
    for r in 0..<store.regionCount {
      let slice = pages[(r * Geometry.pagesPerRegion)..<min(Self.pageCount, (r + 1) * Geometry.pagesPerRegion)]
      #expect(store.counts(region: r) == count(slice), "\(when): region \(r)")
    }
    for (lo, hi) in [(3, 700), (500, 530), (100_000, 263_000), (0, Self.pageCount)] {
      #expect(store.counts(in: lo..<hi) == count(pages[lo..<hi]), "\(when): pages \(lo)..<\(hi)")
    }
  }

  private func count(_ slice: ArraySlice<UInt32>) -> PageCounts {
    slice.reduce(into: PageCounts()) { $0 += PageCounts(PageState(raw: $1), times: 1) }
  }
}
