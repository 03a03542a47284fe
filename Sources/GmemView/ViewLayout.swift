import GmemModel

/// Where everything goes on a screen of a given size: the header, the map panes and their grids, the
/// inspector, counters and log, the legend, the hint bar. The renderer draws from it, and the app uses the
/// same value to map mouse clicks (`hitTest`) and to move the cursor (`grid(for:)`), so both agree with what
/// is on screen.
public struct ViewLayout: Equatable, Sendable {
  /// The screen's size.
  public var size: ScreenSize
  /// True when the screen is below `ScreenSize.minimum`: only a notice is drawn.
  public var isTooSmall: Bool
  /// The header row.
  public var header: Rect
  /// The caption bar, when the view has a caption: one row, or three (`captionRows`).
  public var caption: Rect
  /// The map panes on screen, top to bottom (file, folio, block; some may be left out when space is short).
  public var panes: [MapGrid]
  /// Where the inspector goes, with the counters and the log when `sideInfo` is empty: beside the maps when
  /// the column there is wide, under them otherwise.
  public var info: Rect
  /// Where the counters and the log go when the column beside the maps is too narrow for the inspector, which
  /// then takes the full width under the maps; empty otherwise.
  public var sideInfo: Rect
  /// The column of the rule between the maps and the area beside them, when there is one.
  public var divider: Int?
  /// The rows that rule spans.
  public var dividerRows: Range<Int>
  /// The map column: the panes, or the message shown when there is no file.
  public var maps: Rect
  /// The legend rows.
  public var legend: Rect
  /// The legend flowed into rows, and whether it uses short labels.
  public var legendRows: [[LegendItem]]
  /// True when the legend uses short labels.
  public var legendIsShort: Bool
  /// The row above the hint bar where a command-line error is shown.
  public var promptError: Rect
  /// The hint bar (the command line while it is open).
  public var hintBar: Rect
  /// The cursor, clamped to the file.
  public var cursor: Int
  /// Pages in the file.
  public var pageCount: Int
  /// The zoom level the cursor moves at.
  public var zoom: ZoomLevel
  /// The 2 MiB blocks the page pane shows: one, or more where the map column has rows to spare.
  public var pagePaneBlocks: Int

  /// Lays out `state` over `view` on a screen of `size`.
  public init(view: any StateView, state: ViewState, size: ScreenSize) {
    self.size = size
    pageCount = view.pageCount
    zoom = state.zoom
    pagePaneBlocks = 1
    cursor = pageCount == 0 ? 0 : min(max(state.cursor, 0), pageCount - 1)
    isTooSmall = size.width < ScreenSize.minimum.width || size.height < ScreenSize.minimum.height
    header = .zero
    caption = .zero
    panes = []
    info = .zero
    sideInfo = .zero
    divider = nil
    dividerRows = 0..<0
    maps = .zero
    legend = .zero
    legendRows = []
    legendIsShort = false
    promptError = .zero
    hintBar = .zero
    guard !isTooSmall else { return }
    let w = size.width
    var body = Rect(x: 0, y: 0, width: w, height: size.height)
    (header, body) = body.splitTop(1)
    if state.caption != nil {
      (caption, body) = body.splitTop(
        Self.captionRows(theme: state.theme, playing: state.isPlaying, height: size.height))
    }
    (body, hintBar) = body.splitBottom(1)
    if state.prompt?.error != nil { (body, promptError) = body.splitBottom(1) }
    let flowed = Legend.rows(width: w, glyphs: state.drawnGlyphs, tileWidth: state.theme.tileWidth)
    legendRows = flowed.rows
    legendIsShort = flowed.short
    (body, legend) = body.splitBottom(legendRows.count)
    layOutBody(body, view: view, tileWidth: state.theme.tileWidth)
  }

  /// The pane showing `zoom`, when it is on screen.
  public func grid(for zoom: ZoomLevel) -> MapGrid? { panes.first { $0.zoom == zoom } }

  /// The page of the map cell at screen (`x`, `y`) (the first page of an aggregate cell), or nil when no
  /// cell is there.
  public func hitTest(x: Int, y: Int) -> Int? {
    for pane in panes {
      if let p = pane.hitTest(x: x, y: y) { return p }
    }
    return nil
  }

  /// The zoom level of the pane at screen (`x`, `y`), for a click that should also focus that pane.
  public func zoom(atX x: Int, y: Int) -> ZoomLevel? {
    panes.first { $0.frame.contains(x: x, y: y) }?.zoom
  }

  /// The pages an operation key acts on: the selection or the cursor's cell, in cells of the focused pane.
  public func targetPages(_ state: ViewState) -> Range<Int> {
    state.targetPages(pagesPerCell: pagesPerCell(zoom), pageCount: pageCount)
  }

  /// The byte range an operation key acts on (see `targetPages`).
  public func targetRange(_ state: ViewState) -> FileRange {
    let pages = targetPages(state)
    return FileRange(pages: pages)
  }

  /// Pages per cell at `zoom` as laid out (the file pane's cells depend on the file and the space).
  public func pagesPerCell(_ zoom: ZoomLevel) -> Int {
    if let g = grid(for: zoom) { return g.pagesPerCell }
    switch zoom {
    case .file: return Self.fileUnit(pageCount: pageCount, capacity: .max)
    case .folio: return Geometry.pagesPerBlock
    case .block: return 1
    }
  }

  // MARK: - Layout of the body

  /// Rows of the caption bar: three (a blank padded row above and below the text) in a theme of tiles, for a
  /// projector, when the screen has 24 rows or more, and while a script plays when it has 30 or more; else one.
  static func captionRows(theme: Theme, playing: Bool, height: Int) -> Int {
    (theme.tileWidth > 1 && height >= 24) || (playing && height >= 30) ? 3 : 1
  }

  /// Columns of a map row's address label: `0x` and the hex digits of the file's last offset (at least 6).
  static func labelWidth(fileSize: UInt64) -> Int {
    let last = fileSize == 0 ? 0 : fileSize - 1
    let digits = last == 0 ? 1 : (64 - last.leadingZeroBitCount + 3) / 4
    return 2 + max(6, digits)
  }

  /// Pages per cell of the file pane: 1 GiB regions for a file of two or more, else 2 MiB blocks, doubled
  /// until the cells fit `capacity`.
  static func fileUnit(pageCount: Int, capacity: Int) -> Int {
    var unit = pageCount >= 2 * Geometry.pagesPerRegion ? Geometry.pagesPerRegion : Geometry.pagesPerBlock
    while capacity > 0 && (pageCount + unit - 1) / unit > capacity { unit *= 2 }
    return unit
  }

  /// The first page and cell count of the pane at `zoom` around the cursor.
  private func span(_ zoom: ZoomLevel, unit: Int) -> (first: Int, cells: Int) {
    switch zoom {
    case .file:
      return (0, (pageCount + unit - 1) / unit)
    case .folio:
      let first = cursor / Geometry.pagesPerRegion * Geometry.pagesPerRegion
      return (first, (min(pageCount - first, Geometry.pagesPerRegion) + unit - 1) / unit)
    case .block:
      let window = Self.pagePaneWindow(cursor: cursor, blocks: pagePaneBlocks, pageCount: pageCount)
      return (window.first, window.pages)
    }
  }

  /// Columns the area beside the maps (right of the rule) needs for the inspector; when less is left, the info
  /// area goes under the maps instead.
  static let minimumSideWidth = 38
  /// Rows the no-file message takes above the info area when the info area is under the maps.
  static let noFileMessageRows = 2
  /// Map-area rows from which the info area under the maps gets ``roomyInfoRows``.
  static let roomyMapHeight = 18
  /// Map-area rows from which the info area under the maps gets ``mediumInfoRows`` (and a tiled one too).
  static let mediumMapHeight = 12
  /// Rows the panes leave for the info area under the maps when the map area has ``roomyMapHeight`` rows.
  static let roomyInfoRows = 7
  /// Rows the panes leave for the info area under the maps when the map area has ``mediumMapHeight`` rows.
  static let mediumInfoRows = 3
  /// Rows the panes leave for the info area under the maps on a shorter map area.
  static let shortInfoRows = 1
  /// Below this width, the column beside the maps keeps only the counters and the log, and the inspector moves
  /// under the maps at full width, when ``minimumRowsBelowMaps`` rows are free there.
  static let narrowSideWidth = 80
  /// Rows that must be free under the maps for the inspector to move there from a narrow side column.
  static let minimumRowsBelowMaps = 6

  /// Lays out the maps and the info area in `body`, with map cells `tile` columns wide.
  private mutating func layOutBody(_ body: Rect, view: any StateView, tileWidth tile: Int) {
    let labelW = Self.labelWidth(fileSize: view.fileSize)
    let cellsPerRow = Self.cellsPerRow(width: body.width, labelWidth: labelW, tile: tile)
    let mapWidth = min(body.width, labelW + 1 + cellsPerRow * tile)
    let sideBySide = body.width - mapWidth - 1 >= Self.minimumSideWidth
    var mapArea = body
    if sideBySide {
      mapArea = Rect(x: body.x, y: body.y, width: mapWidth, height: body.height)
      divider = mapWidth
      dividerRows = body.y..<body.maxY
      info = Rect(x: mapWidth + 1, y: body.y, width: body.width - mapWidth - 1, height: body.height)
    }
    maps = mapArea
    guard pageCount > 0 else {
      if !sideBySide {
        let (top, rest) = body.splitTop(min(Self.noFileMessageRows, body.height))
        maps = top
        info = rest
      }
      return
    }

    let infoTarget: Int
    if sideBySide {
      infoTarget = 0
    } else if tile > 1 {
      // Tiles are for a projector: the map and the legend first, a short inspector.
      infoTarget = mapArea.height >= Self.mediumMapHeight ? Self.mediumInfoRows : Self.shortInfoRows
    } else if mapArea.height >= Self.roomyMapHeight {
      infoTarget = Self.roomyInfoRows
    } else if mapArea.height >= Self.mediumMapHeight {
      infoTarget = Self.mediumInfoRows
    } else {
      infoTarget = Self.shortInfoRows
    }

    func fullRows(_ z: ZoomLevel, capacityRows: Int) -> (rows: Int, unit: Int, cellWidth: Int, perRow: Int) {
      switch z {
      case .file:
        let unit = Self.fileUnit(pageCount: pageCount, capacity: cellsPerRow * max(1, capacityRows))
        let cells = (pageCount + unit - 1) / unit
        // On one row with columns to spare, a cell takes two: a glyph and a gap (or a tile).
        if cells * max(2, tile) <= cellsPerRow * tile { return (1, unit, 2, max(cells, 1)) }
        return ((cells + cellsPerRow - 1) / cellsPerRow, unit, tile, cellsPerRow)
      case .folio:
        let cells = span(.folio, unit: Geometry.pagesPerBlock).cells
        return ((cells + cellsPerRow - 1) / cellsPerRow, Geometry.pagesPerBlock, tile, cellsPerRow)
      case .block:
        let cells = span(.block, unit: 1).cells
        return ((cells + cellsPerRow - 1) / cellsPerRow, 1, tile, cellsPerRow)
      }
    }

    let full = { (z: ZoomLevel, capacityRows: Int) in fullRows(z, capacityRows: capacityRows).rows }
    var rows =
      tile > 1
      ? Self.tiledPaneRows(zoom: zoom, height: mapArea.height, infoTarget: infoTarget, full: full)
      : Self.paneRows(zoom: zoom, height: mapArea.height, infoTarget: infoTarget, full: full)

    growPagePane(&rows, mapArea: mapArea, sideBySide: sideBySide, tile: tile, cellsPerRow: cellsPerRow)

    var y = mapArea.y
    for z in ZoomLevel.allCases {
      guard let h = rows[z] else { continue }
      let titled = h > 1 || z == zoom
      let visible = titled ? h - 1 : h
      let geometry = fullRows(z, capacityRows: visible)
      let unit = geometry.unit
      let (first, cells) = span(z, unit: unit)
      let perRow = geometry.perRow
      let rowCount = (cells + perRow - 1) / perRow
      let cursorRow = cells == 0 ? 0 : (cursor - first) / unit / perRow
      var firstRow = visible > 0 ? cursorRow / visible * visible : 0
      firstRow = max(0, min(firstRow, rowCount - visible))
      panes.append(
        MapGrid(
          zoom: z, frame: Rect(x: mapArea.x, y: y, width: mapArea.width, height: h), titleRow: titled ? y : nil,
          labelX: mapArea.x, labelWidth: labelW, cellsX: mapArea.x + labelW + 1, rowsY: titled ? y + 1 : y,
          firstPage: first, pagesPerCell: unit, cellCount: cells, cellsPerRow: perRow,
          cellWidth: geometry.cellWidth, firstRow: firstRow, visibleRows: min(visible, rowCount),
          pageCount: pageCount, isTiled: tile > 1))
      y += h
    }
    if sideBySide {
      let below = body.maxY - y
      if info.width < Self.narrowSideWidth && below >= Self.minimumRowsBelowMaps {
        sideInfo = Rect(x: info.x, y: info.y, width: info.width, height: y - body.y)
        info = Rect(x: body.x, y: y, width: body.width, height: below)
        dividerRows = body.y..<y
      }
    } else {
      maps = Rect(x: mapArea.x, y: mapArea.y, width: mapArea.width, height: y - mapArea.y)
      info = Rect(x: body.x, y: y, width: body.width, height: body.maxY - y)
    }
  }

  /// Gives the page pane, when it shows its whole block with glyph cells beside a column of information, the
  /// whole blocks that fit in the map column's spare rows, keeping ``inspectorRowsBelowMaps`` rows under the
  /// maps when the column beside them is too narrow for the inspector.
  private mutating func growPagePane(
    _ rows: inout [ZoomLevel: Int], mapArea: Rect, sideBySide: Bool, tile: Int, cellsPerRow: Int
  ) {
    let rowsPerBlock = Geometry.pagesPerBlock / cellsPerRow
    guard sideBySide, tile == 1, rowsPerBlock > 0, let blockRows = rows[.block], blockRows == 1 + rowsPerBlock,
      span(.block, unit: 1).cells == Geometry.pagesPerBlock
    else { return }
    let spare = mapArea.height - rows.values.reduce(0, +)
    let reserved = info.width < Self.narrowSideWidth ? Self.inspectorRowsBelowMaps : 0
    pagePaneBlocks = Self.pagePaneBlocks(spareRows: spare, reservedRows: reserved, rowsPerBlock: rowsPerBlock)
    let shown = span(.block, unit: 1).cells
    rows[.block] = 1 + (shown + cellsPerRow - 1) / cellsPerRow
  }
}
