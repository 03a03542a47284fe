import GmemModel

// How wide a map row is, and how many 2 MiB blocks the page pane shows.
extension ViewLayout {
  /// Row widths, in cells, that a wide screen can take while keeping the column beside the maps: 256 or 128
  /// cells, each a power of two so that a row still starts at a whole address (a 2 MiB block is 512 pages,
  /// a 1 GiB folio 512 blocks).
  static let wideCellsPerRow = [256, 128]
  /// Map cells per row when no wide row fits; halved until the row fits the screen.
  static let widestCellsPerRow = 64
  /// The fewest map cells per row: the row is not halved below this, however narrow the screen.
  static let narrowestCellsPerRow = 8
  /// Rows kept under the maps for the inspector when the page pane grows beyond one block and the column
  /// beside the maps is too narrow to hold the inspector: its title and nine lines.
  static let inspectorRowsBelowMaps = 10

  /// Map cells per row on a body `width` columns wide, with address labels `labelWidth` wide and cells
  /// `tile` columns wide: 256 or 128 when the row leaves ``minimumSideWidth`` columns beside it (a 200-column
  /// terminal shows 128), else 64 halved until the row fits.
  static func cellsPerRow(width: Int, labelWidth: Int, tile: Int) -> Int {
    for cells in wideCellsPerRow where labelWidth + 1 + cells * tile + 1 + minimumSideWidth <= width {
      return cells
    }
    var cells = widestCellsPerRow
    while cells > narrowestCellsPerRow && labelWidth + 1 + cells * tile > width { cells /= 2 }
    return cells
  }

  /// The 2 MiB blocks the page pane can show: one, plus a block for each further `rowsPerBlock` rows of
  /// `spareRows` (map-column rows no pane uses) beyond `reservedRows`.
  static func pagePaneBlocks(spareRows: Int, reservedRows: Int, rowsPerBlock: Int) -> Int {
    guard rowsPerBlock > 0, spareRows > reservedRows else { return 1 }
    return 1 + (spareRows - reservedRows) / rowsPerBlock
  }

  /// The first page and page count of the page pane's window of `blocks` blocks around `cursor`: whole
  /// blocks counted from the start of the cursor's 1 GiB region, never past the region or the file.
  static func pagePaneWindow(cursor: Int, blocks: Int, pageCount: Int) -> (first: Int, pages: Int) {
    let regionFirst = cursor / Geometry.pagesPerRegion * Geometry.pagesPerRegion
    let windowPages = max(1, blocks) * Geometry.pagesPerBlock
    let first = regionFirst + (cursor - regionFirst) / windowPages * windowPages
    let end = min(pageCount, regionFirst + Geometry.pagesPerRegion, first + windowPages)
    return (first, max(0, end - first))
  }
}
