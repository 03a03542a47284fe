import GmemModel
import GmemView
import Testing

/// The layout the renderer draws is the one the app moves and clicks with.
@Suite("Layout, grids and hit tests")
struct LayoutTests {
  static let sizes = [(40, 12), (80, 24), (100, 30), (120, 40), (200, 60)]

  @Test(arguments: sizes)
  func everyDrawnCellHitsItsPage(_ size: (Int, Int)) {
    let (session, state) = Scenario.oneSplitFolio()
    let screenSize = ScreenSize(width: size.0, height: size.1)
    let layout = ViewLayout(view: session.model, state: state, size: screenSize)
    #expect(!layout.panes.isEmpty)
    for pane in layout.panes {
      for c in 0..<pane.cellCount {
        guard let at = pane.position(ofCell: c) else { continue }
        #expect(layout.hitTest(x: at.x, y: at.y) == pane.pages(ofCell: c).lowerBound)
        #expect(layout.zoom(atX: at.x, y: at.y) == pane.zoom)
      }
      // Labels and titles are not cells.
      #expect(layout.hitTest(x: pane.labelX, y: pane.rowsY) == nil)
      if let title = pane.titleRow { #expect(layout.hitTest(x: pane.cellsX, y: title) == nil) }
    }
    #expect(layout.hitTest(x: 0, y: 0) == nil)
    #expect(layout.hitTest(x: size.0 - 1, y: size.1 - 1) == nil)
  }

  @Test func gridGeometryPerZoom() {
    let (session, state) = Scenario.oneSplitFolio()
    let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 120, height: 40))
    let file = try! #require(layout.grid(for: .file))
    let folio = try! #require(layout.grid(for: .folio))
    let block = try! #require(layout.grid(for: .block))
    #expect(file.pagesPerCell == Geometry.pagesPerRegion && file.cellCount == 8)
    #expect(folio.pagesPerCell == Geometry.pagesPerBlock && folio.cellCount == 512 && folio.cellsPerRow == 64)
    #expect(folio.visibleRows == 8)
    // 120 columns keep 64-cell rows; the spare rows show a second block (see RowWidthTests).
    #expect(block.pagesPerCell == 1 && block.cellCount == 1024 && block.cellsPerRow == 64)
    #expect(layout.pagesPerCell(.folio) == 512)

    let narrow = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 40, height: 12))
    let g = try! #require(narrow.grid(for: .folio))
    #expect(g.cellsPerRow == 16)
    #expect(g.visibleRows < g.rowCount)
  }

  @Test func cursorMovesOneCellOrRowOfTheFocusedGrid() {
    let (session, state) = Scenario.oneSplitFolio()
    let size = ScreenSize(width: 80, height: 24)
    let layout = ViewLayout(view: session.model, state: state, size: size)
    let folio = try! #require(layout.grid(for: .folio))
    #expect(folio.moved(1, columns: 1) == 1 + 512)
    #expect(folio.moved(1, rows: 1) == 1 + 64 * 512)
    #expect(folio.moved(1, columns: -1) == 1)  // nothing left of the first cell
    #expect(folio.moved(1, rows: -1) == 1)
    #expect(folio.movedByScreen(1, screens: 1) == 1 + 512 * 512)  // one screenful: the next folio
    #expect(folio.movedByScreen(1, screens: -5) == 1)
    let last = session.model.pageCount - 1
    #expect(folio.moved(last, columns: 1) == last)
    #expect(folio.movedByScreen(0, screens: 100) == last / 512 * 512)

    var blockState = state
    blockState.zoom = .block
    let blockLayout = ViewLayout(view: session.model, state: blockState, size: size)
    let block = try! #require(blockLayout.grid(for: .block))
    #expect(block.moved(1, columns: 1) == 2)
    #expect(block.moved(1, rows: 1) == 65)
    #expect(block.moved(448, rows: 1) == 512)  // the next block: the pane follows
  }

  @Test func theCursorCellIsDrawnAsTheCursorInEveryPane() {
    let (session, opening) = Scenario.mixed(zoom: .block)
    for zoom in ZoomLevel.allCases {
      var state = opening
      state.zoom = zoom
      let size = ScreenSize(width: 120, height: 40)
      let layout = ViewLayout(view: session.model, state: state, size: size)
      let screen = Renderer.render(session.model, state, layout: layout)
      for pane in layout.panes {
        let at = try! #require(pane.position(ofCell: pane.cell(ofPage: state.cursor)!))
        #expect(screen[at.x, at.y].style == .cursor)
      }
    }
  }

  @Test func scrolledGridsKeepTheCursorVisible() {
    let (session, opening) = Scenario.defaultSession()
    var state = opening
    for cursor in stride(from: 0, to: 2 * Geometry.pagesPerRegion, by: 40_000) {
      state.cursor = cursor
      let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 40, height: 12))
      let pane = try! #require(layout.grid(for: .folio))
      #expect(pane.position(ofCell: pane.cell(ofPage: cursor)!) != nil)
    }
  }

  @Test func operationsTargetTheCursorCellOrTheSelection() {
    let (session, opening) = Scenario.oneSplitFolio()
    var state = opening
    let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 80, height: 24))
    #expect(layout.targetRange(state) == FileRange(offset: 0, length: 2 << 20))
    state.selectionAnchor = 3 * 512 + 7
    #expect(layout.targetRange(state) == FileRange(offset: 0, length: 4 * (2 << 20)))
    state.zoom = .block
    let blockLayout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 80, height: 24))
    #expect(blockLayout.targetPages(state) == 1..<(3 * 512 + 8))
  }

  @Test func tooSmallBelowFortyByTwelve() {
    let (session, state) = Scenario.defaultSession()
    for (w, h) in [(39, 12), (40, 11), (10, 3), (0, 0)] {
      let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: w, height: h))
      #expect(layout.isTooSmall)
      #expect(layout.hitTest(x: 1, y: 1) == nil)
      let screen = Renderer.render(session.model, state, layout: layout)
      #expect(screen.width == w && screen.height == h)
    }
    #expect(!ViewLayout(view: session.model, state: state, size: .minimum).isTooSmall)
  }
}
