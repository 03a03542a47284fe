import GmemModel

/// Reads the cells of a map pane from a `StateView` using the O(1) aggregates: `counts(block:)` and
/// `counts(region:)` for cells of 2 MiB and more, one page lookup per uniform cell, runs for page cells. No
/// loop visits the pages of an aggregate cell.
public struct MapCellReader {
  /// The state read.
  public let view: any StateView
  private let backing: Backing?
  private let folioPages: Int
  private let splitFolios: UInt64
  private let allocatedFolios: UInt64

  /// A reader of `view`.
  public init(view: any StateView) {
    self.view = view
    backing = view.backing
    folioPages = view.backing?.pagesPerFolio ?? 1
    splitFolios = view.counter(.splitFolios)
    allocatedFolios = splitFolios + view.counter(.wholeFolios)
  }

  /// The counts over `pages`, which start on a 2 MiB boundary and are whole blocks or whole regions (the last
  /// one may be short at the end of the file).
  public func counts(_ pages: Range<Int>) -> PageCounts {
    let ppb = Geometry.pagesPerBlock
    let ppr = Geometry.pagesPerRegion
    if pages.count <= ppb { return view.counts(block: pages.lowerBound / ppb) }
    var total = PageCounts()
    if pages.lowerBound % ppr == 0 && pages.count >= ppr {
      var r = pages.lowerBound / ppr
      while r * ppr < pages.upperBound {
        total += view.counts(region: r)
        r += 1
      }
    } else {
      var b = pages.lowerBound / ppb
      while b * ppb < pages.upperBound {
        total += view.counts(block: b)
        b += 1
      }
    }
    return total
  }

  /// The cell of an aggregate of `pages` (at least one 2 MiB block, aligned as `counts` needs).
  public func aggregate(_ pages: Range<Int>) -> MapCell {
    let c = counts(pages)
    guard c.pages > 0 else { return MapCell(category: .hole, shape: .hole) }
    let (shape, shapesDiffer) = self.shape(pages, counts: c)
    if MapCell.isUniform(c), !shapesDiffer, let s = view.page(pages.lowerBound) {
      return MapCell(category: PageCategory(s), shape: shape)
    }
    return MapCell(category: PageCategory(majorityOf: c), shape: shape, isMixed: true)
  }

  /// The folio shape of an aggregate: `whole` when every allocated folio in it is whole, and whether its
  /// folios differ in shape.
  private func shape(_ pages: Range<Int>, counts c: PageCounts) -> (FolioShape, Bool) {
    guard c.allocated > 0, let backing else { return (.hole, false) }
    guard backing.isHuge else { return (.base, false) }
    if pages.count <= folioPages { return (view.folioShape(ofPage: pages.lowerBound), false) }
    if splitFolios == 0 { return (.whole, false) }
    if splitFolios == allocatedFolios { return (.split, false) }
    let split = view.splitFolios(in: pages)
    let folios = c.allocated / folioPages
    return (split > 0 ? .split : .whole, split > 0 && split < folios)
  }

  /// The cells of the single pages `pages` (within one 2 MiB block), in order.
  public func pageCells(_ pages: Range<Int>) -> [MapCell] {
    guard !pages.isEmpty else { return [] }
    var out: [MapCell] = []
    out.reserveCapacity(pages.count)
    let huge = backing?.isHuge ?? false
    let blockShape = huge ? view.folioShape(ofPage: pages.lowerBound) : .base
    view.forEachRun(in: pages) { run, s in
      if s.isAllocated {
        let cell = MapCell(page: s, shape: huge ? blockShape : .base, orphans: 0)
        for _ in run { out.append(cell) }
      } else {
        for p in run { out.append(MapCell(page: s, shape: .hole, orphans: view.orphans(at: p))) }
      }
    }
    return out
  }
}
