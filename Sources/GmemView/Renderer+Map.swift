import GmemModel

// The map panes: titles, address labels, cells, and the selection, flash, violation and cursor overlays.
extension Renderer {
  mutating func drawMaps() {
    if let d = layout.divider {
      for y in layout.dividerRows { screen[d, y] = Cell(glyphs.verticalRule, .border) }
    }
    guard layout.pageCount > 0 else {
      let r = layout.maps
      let message = view.fileSize == 0 ? "no guest_memfd: press : and type  gmem 8G" : "the file has no pages"
      text(message, x: r.x + 1, y: r.y + min(1, max(0, r.height - 1)), style: .dim, limit: r.width - 1)
      return
    }
    let reader = MapCellReader(view: view)
    for pane in layout.panes { drawPane(pane, reader: reader) }
  }

  private mutating func drawPane(_ g: MapGrid, reader: MapCellReader) {
    let focused = g.zoom == layout.zoom
    let title = title(of: g, reader: reader)
    if let y = g.titleRow {
      rule(
        x: g.frame.x, y: y, width: g.frame.width, title: title, style: focused ? .title : .border,
        titleStyle: focused ? .title : .dim, heavy: focused)
    } else {
      let x = g.cellsX + g.cellsPerRow * g.cellWidth + 1
      if g.frame.maxX - x >= 12 { text(title, x: x, y: g.rowsY, style: .dim, limit: g.frame.maxX - x) }
    }
    let digits = g.labelWidth - 2
    let cursorCell = g.cell(ofPage: layout.cursor)
    for row in g.firstRow..<(g.firstRow + g.visibleRows) {
      let y = g.rowsY + row - g.firstRow
      let first = row * g.cellsPerRow
      let last = min(first + g.cellsPerRow, g.cellCount)
      let offset = Geometry.offset(ofPage: g.firstPage + first * g.pagesPerCell)
      text(Self.hexLabel(offset, digits: digits), x: g.labelX, y: y, style: .label, limit: g.labelWidth)
      if let c = cursorCell, c >= first, c < last {
        screen[g.labelX + g.labelWidth, y] = Cell(glyphs.cursorMarker, focused ? .key : .dim)
      }
      guard first < last else { continue }
      if g.pagesPerCell == 1 {
        let cells = reader.pageCells(g.pages(ofCell: first).lowerBound..<g.pages(ofCell: last - 1).upperBound)
        for (i, cell) in cells.enumerated() {
          paint(Cell(glyphs.glyph(cell), cell.style), of: g, x: g.cellsX + i * g.cellWidth, y: y)
        }
      } else {
        for c in first..<last {
          let cell = reader.aggregate(g.pages(ofCell: c))
          paint(Cell(glyphs.glyph(cell), cell.style), of: g, x: g.cellsX + (c - first) * g.cellWidth, y: y)
        }
      }
    }
    if state.selectionAnchor != nil { overlay(g, pages: layout.targetPages(state), style: .selection) }
    for r in state.changedPages { overlay(g, pages: r, style: .flash) }
    for v in state.violations {
      guard let off = v.offset, let c = g.cell(ofPage: Int(clamping: off >> Geometry.pageShift)),
        let at = g.position(ofCell: c)
      else { continue }
      paint(Cell(glyphs.violation, .violation), of: g, x: at.x, y: at.y)
    }
    if let c = cursorCell, let at = g.position(ofCell: c) { restyle(of: g, x: at.x, y: at.y, .cursor) }
  }

  /// Paints `cell` as the map cell of `g` at (`x`, `y`): its glyph, then, for a tile, blanks in its style over the
  /// rest of the cell's columns.
  private mutating func paint(_ cell: Cell, of g: MapGrid, x: Int, y: Int) {
    screen[x, y] = cell
    guard g.isTiled else { return }
    for dx in 1..<g.cellWidth { screen[x + dx, y] = Cell(" ", cell.style) }
  }

  /// Restyles the map cell of `g` at (`x`, `y`): its glyph, or all its columns for a tile.
  private mutating func restyle(of g: MapGrid, x: Int, y: Int, _ style: Style) {
    for dx in 0..<(g.isTiled ? g.cellWidth : 1) { screen.restyle(x: x + dx, y: y, style) }
  }

  /// Restyles the visible cells of `g` that hold any of `pages`.
  private mutating func overlay(_ g: MapGrid, pages: Range<Int>, style: Style) {
    let covered = g.pages
    let lo = max(pages.lowerBound, covered.lowerBound)
    let hi = min(pages.upperBound, covered.upperBound)
    guard lo < hi, let c0 = g.cell(ofPage: lo), let c1 = g.cell(ofPage: hi - 1) else { return }
    let firstVisible = g.firstRow * g.cellsPerRow
    let lastVisible = min(g.cellCount, (g.firstRow + g.visibleRows) * g.cellsPerRow) - 1
    let from = max(c0, firstVisible)
    let to = min(c1, lastVisible)
    guard from <= to else { return }
    for c in from...to {
      if let at = g.position(ofCell: c) { restyle(of: g, x: at.x, y: at.y, style) }
    }
  }

  /// The pane's title: what it shows, its folio structure, and what a cell is.
  private func title(of g: MapGrid, reader: MapCellReader) -> String {
    let backing = view.backing ?? .base4K
    let cell = "cell \(sizeName(Geometry.bytes(ofPages: g.pagesPerCell)))"
    switch g.zoom {
    case .file:
      var s = "file \(sizeName(view.fileSize))"
      if backing.isHuge {
        let whole = view.counter(.wholeFolios)
        let split = view.counter(.splitFolios)
        s += " · \(whole) whole, \(split) split \(backing.rawValue) folio\(whole + split == 1 ? "" : "s")"
      } else {
        s += " · 4K folios"
      }
      return s + " · " + cell
    case .folio:
      let region = g.firstPage / Geometry.pagesPerRegion
      let range = "\(hex(Geometry.offset(ofPage: g.firstPage)))+\(sizeName(Geometry.bytes(ofPages: g.pages.count)))"
      switch backing {
      case .huge1G:
        return "folio \(region) · \(range) · \(shapeWords(view.folioShape(ofPage: g.firstPage))) · \(cell)"
      case .huge2M:
        return "1G region \(region) · \(range) · 2M folios · \(cell)"
      case .base4K:
        return "1G region \(region) · \(range) · 4K folios · \(cell)"
      }
    case .block:
      let block = g.firstPage / Geometry.pagesPerBlock
      let lastBlock = (g.pages.upperBound - 1) / Geometry.pagesPerBlock
      let blocks = lastBlock > block ? "\(block)–\(lastBlock)" : "\(block)"
      let plural = lastBlock > block ? "s" : ""
      let range = "\(hex(Geometry.offset(ofPage: g.firstPage)))+\(sizeName(Geometry.bytes(ofPages: g.pages.count)))"
      let shape = view.folioShape(ofPage: g.firstPage)
      switch backing {
      case .huge1G:
        let folio = g.firstPage / Geometry.pagesPerRegion
        return "block\(plural) \(blocks) · \(range) · in folio \(folio), \(shapeWords(shape)) · \(cell)"
      case .huge2M:
        if lastBlock > block { return "folios \(blocks) · \(range) · 2M folios · \(cell)" }
        return "folio \(block) · \(range) · \(shapeWords(shape)) · \(cell)"
      case .base4K:
        return "block\(plural) \(blocks) · \(range) · 4K folios · \(cell)"
      }
    }
  }

  private func shapeWords(_ shape: FolioShape) -> String {
    switch shape {
    case .whole: "whole"
    case .split: "split to 4K"
    case .hole: "hole"
    case .base: "4K folios"
    }
  }
}
