/// The geometry of one map pane as drawn: which pages its cells cover, how they wrap into rows, which rows
/// are visible, and where they sit on the screen. The renderer draws from it and the app moves the cursor and
/// maps mouse clicks with it, so both agree with the screen.
public struct MapGrid: Equatable, Sendable {
  /// The zoom level the pane shows.
  public var zoom: ZoomLevel
  /// The pane, title row included.
  public var frame: Rect
  /// The row of the pane's title, or nil when the pane has none.
  public var titleRow: Int?
  /// The column of the address labels.
  public var labelX: Int
  /// Columns of an address label.
  public var labelWidth: Int
  /// The column of the first cell of a row.
  public var cellsX: Int
  /// The screen row of the first visible grid row.
  public var rowsY: Int
  /// The page the first cell starts at.
  public var firstPage: Int
  /// Pages each cell covers (1, 512, 262144 or a multiple).
  public var pagesPerCell: Int
  /// Cells in the pane.
  public var cellCount: Int
  /// Cells in a grid row.
  public var cellsPerRow: Int
  /// Columns per cell (a glyph and its padding, or a tile).
  public var cellWidth: Int
  /// True when each cell is painted across all its `cellWidth` columns (a tile of the presentation theme);
  /// false when only its first column is, the rest being padding. A click on any of its columns selects it.
  public var isTiled: Bool
  /// The first grid row shown.
  public var firstRow: Int
  /// Grid rows shown.
  public var visibleRows: Int
  /// Pages in the file, for clamping moves.
  public var pageCount: Int

  /// Creates a grid; the renderer's layout is the usual source of one.
  public init(
    zoom: ZoomLevel, frame: Rect, titleRow: Int?, labelX: Int, labelWidth: Int, cellsX: Int, rowsY: Int,
    firstPage: Int, pagesPerCell: Int, cellCount: Int, cellsPerRow: Int, cellWidth: Int, firstRow: Int,
    visibleRows: Int, pageCount: Int, isTiled: Bool = false
  ) {
    self.zoom = zoom
    self.frame = frame
    self.titleRow = titleRow
    self.labelX = labelX
    self.labelWidth = labelWidth
    self.cellsX = cellsX
    self.rowsY = rowsY
    self.firstPage = firstPage
    self.pagesPerCell = max(1, pagesPerCell)
    self.cellCount = cellCount
    self.cellsPerRow = max(1, cellsPerRow)
    self.cellWidth = max(1, cellWidth)
    self.firstRow = firstRow
    self.visibleRows = visibleRows
    self.pageCount = pageCount
    self.isTiled = isTiled
  }

  /// Grid rows in the pane, shown or not.
  public var rowCount: Int { (cellCount + cellsPerRow - 1) / cellsPerRow }

  /// Pages the pane covers.
  public var pages: Range<Int> {
    firstPage..<min(pageCount, firstPage + cellCount * pagesPerCell)
  }

  /// The cell holding page `p`, or nil when the pane does not cover it.
  public func cell(ofPage p: Int) -> Int? {
    guard pages.contains(p) else { return nil }
    return (p - firstPage) / pagesPerCell
  }

  /// The pages of cell `c` (the last cell may be short).
  public func pages(ofCell c: Int) -> Range<Int> {
    let lo = firstPage + c * pagesPerCell
    return min(lo, pageCount)..<min(lo + pagesPerCell, pageCount)
  }

  /// The screen position of cell `c`, or nil when its row is scrolled out of view.
  public func position(ofCell c: Int) -> (x: Int, y: Int)? {
    guard c >= 0, c < cellCount else { return nil }
    let row = c / cellsPerRow
    guard row >= firstRow, row < firstRow + visibleRows else { return nil }
    return (cellsX + (c % cellsPerRow) * cellWidth, rowsY + row - firstRow)
  }

  /// The first page of the cell at screen (`x`, `y`), or nil when no cell is there.
  public func hitTest(x: Int, y: Int) -> Int? {
    guard y >= rowsY, y < rowsY + visibleRows, x >= cellsX, x < cellsX + cellsPerRow * cellWidth else {
      return nil
    }
    let c = (y - rowsY + firstRow) * cellsPerRow + (x - cellsX) / cellWidth
    guard c < cellCount else { return nil }
    return pages(ofCell: c).lowerBound
  }

  /// The cursor moved by `columns` cells and `rows` grid rows (a row is `cellsPerRow` cells), keeping its
  /// place within the cell; a move that would leave the file leaves the cursor where it is.
  public func moved(_ cursor: Int, columns: Int = 0, rows: Int = 0) -> Int {
    let target = cursor + (columns + rows * cellsPerRow) * pagesPerCell
    return target >= 0 && target < pageCount ? target : cursor
  }

  /// The cursor moved by `screens` screenfuls of rows (PageUp with -1, PageDown with 1), stopping at the first
  /// or last cell of the file.
  public func movedByScreen(_ cursor: Int, screens: Int) -> Int {
    guard pageCount > 0 else { return 0 }
    let offset = cursor % pagesPerCell
    let target = cursor + screens * max(1, visibleRows) * cellsPerRow * pagesPerCell
    if target < 0 { return min(offset, pageCount - 1) }
    if target >= pageCount { return min((pageCount - 1) / pagesPerCell * pagesPerCell + offset, pageCount - 1) }
    return target
  }
}
