/// Every page of the file, stored so that a uniform folio costs one value (ARCHITECTURE.md "State
/// representation").
///
/// The file is cut into 1 GiB regions of 512 blocks of 512 pages. A region whose pages all agree is one
/// `PageState`; otherwise it holds its blocks, and a block whose pages all agree is again one value. Counts per
/// block, per region and for the file are kept current on every change, so any aggregate is O(1).
public final class PageStore {
  /// Pages in the file.
  public let pageCount: Int
  /// The 1 GiB regions, in file order.
  @exclusivity(unchecked) var regions: [Region]
  /// Counts over the whole file.
  @exclusivity(unchecked) public internal(set) var totals: PageCounts
  /// The token of the details this store may change in place; others are shared with a copy (see `copy()`).
  @exclusivity(unchecked) var owner = Owner()
  /// A region detail this store dropped, to reuse (PageStore+Spares).
  @exclusivity(unchecked) var spareRegion: RegionDetail?
  /// Block details this store dropped, to reuse.
  @exclusivity(unchecked) var spareBlocks: [BlockDetail] = []
  /// The pages of a sparse region this store dropped, to reuse.
  @exclusivity(unchecked) var spareSparseRegion: BlockDetail?

  /// A file of `pageCount` pages, all in `state`.
  public init(pageCount: Int, state: PageState) {
    self.pageCount = pageCount
    let regionCount = (pageCount + Geometry.pagesPerRegion - 1) / Geometry.pagesPerRegion
    regions = Array(repeating: .uniform(state), count: regionCount)
    totals = PageCounts(state, times: pageCount)
  }

  /// A store of `regions` (shared with the store `copy()` made it from) and their `totals`.
  init(pageCount: Int, regions: [Region], totals: PageCounts) {
    self.pageCount = pageCount
    self.regions = regions
    self.totals = totals
  }

  /// The first and past-the-end pages of `range` inside the file (start >= end when none is).
  @inline(__always) func clamped(_ range: Range<Int>) -> (start: Int, end: Int) {
    (max(0, range.lowerBound), min(range.upperBound, pageCount))
  }

  /// For a walk up to page `end` that has reached page `p`: the region holding `p`, its first page, and where the
  /// walk leaves it (the region's end, or `end`).
  @inline(__always) func regionSpan(at p: Int, upTo end: Int) -> (region: Int, start: Int, end: Int) {
    let r = p / Geometry.pagesPerRegion
    let start = r * Geometry.pagesPerRegion
    return (r, start, min(end, start + Geometry.pagesPerRegion))
  }

  /// Regions (1 GiB each, the last one possibly partial).
  public var regionCount: Int { regions.count }

  /// Blocks (2 MiB each, the last one possibly partial).
  public var blockCount: Int { (pageCount + Geometry.pagesPerBlock - 1) / Geometry.pagesPerBlock }

  /// Pages in region `r`.
  @inlinable public func pages(inRegion r: Int) -> Int {
    min(Geometry.pagesPerRegion, pageCount - r * Geometry.pagesPerRegion)
  }

  /// Pages in block `b` (a file-wide block index).
  @inlinable public func pages(inBlock b: Int) -> Int {
    min(Geometry.pagesPerBlock, pageCount - b * Geometry.pagesPerBlock)
  }

  /// The state of page `p`.
  public func state(at p: Int) -> PageState {
    let r = p / Geometry.pagesPerRegion
    switch regions[r] {
    case .uniform(let s): return s
    case .sparse(let bd): return bd[p - r * Geometry.pagesPerRegion]
    case .detailed(let d):
      let local = p - r * Geometry.pagesPerRegion
      switch d[local / Geometry.pagesPerBlock] {
      case .uniform(let s): return s
      case .detailed(let b): return b[local % Geometry.pagesPerBlock]
      }
    }
  }
}
