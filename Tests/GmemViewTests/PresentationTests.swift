import GmemModel
import GmemView
import Testing

/// The presentation theme (issue 5): two-column tiles, a large legend, a three-row caption, nothing thin.
@Suite("Presentation theme")
struct PresentationTests {
  static let caption = "sharing one 4K page splits the whole 1G folio"
  static let command = "share 0x1000 → ok"

  /// `state` in the presentation theme, with the caption and the command just run when `captioned`.
  static func presenting(_ state: ViewState, captioned: Bool) -> ViewState {
    var s = state
    s.theme = .presentation
    if captioned {
      s.caption = caption
      s.captionCommand = command
    }
    return s
  }

  @Test func snapshots() {
    let (session, opening) = Scenario.defaultSession()
    for (w, h) in [(100, 30), (200, 60)] {
      let plain = Self.presenting(opening, captioned: false)
      Snapshot.assert(Snapshot.text(session.screen(plain, w, h)), named: "presentation-\(w)x\(h)")
      let captioned = Self.presenting(opening, captioned: true)
      Snapshot.assert(Snapshot.text(session.screen(captioned, w, h)), named: "presentation-caption-\(w)x\(h)")
    }
    let captioned = Self.presenting(opening, captioned: true)
    Snapshot.assert(Snapshot.text(session.screen(captioned, 80, 24)), named: "presentation-caption-80x24")
  }

  /// Several states at once, the cursor, a selection and a flash: the tiles' text and style layers.
  @Test func styleLayer() {
    let (session, opening) = Scenario.mixed(zoom: .block)
    var state = Self.presenting(opening, captioned: true)
    state.selectionAnchor = state.cursor + 5
    state.changedPages = [Geometry.pagesPerRegion..<(Geometry.pagesPerRegion + Geometry.pagesPerBlock)]
    let screen = session.screen(state, 100, 30)
    Snapshot.assert(Snapshot.text(screen), named: "presentation-mixed-100x30")
    Snapshot.assert(Snapshot.styles(screen), named: "styles-presentation-100x30")
  }

  /// Tiles of two columns: fewer cells per row than glyphs, where a row of glyphs fits but the same row of tiles
  /// does not.
  @Test(arguments: [(80, 24, 32), (100, 30, 32), (200, 60, 64)])
  func cellsAreTilesOfTwoColumns(_ size: (Int, Int, Int)) {
    let (session, opening) = Scenario.mixed(zoom: .block)
    let screenSize = ScreenSize(width: size.0, height: size.1)
    let glyphLayout = ViewLayout(view: session.model, state: opening, size: screenSize)
    let state = Self.presenting(opening, captioned: true)
    let layout = ViewLayout(view: session.model, state: state, size: screenSize)
    let screen = Renderer.render(session.model, state, layout: layout)
    #expect(layout.panes.map(\.zoom) == ZoomLevel.allCases)
    for pane in layout.panes {
      #expect(pane.isTiled && pane.cellWidth == 2)
      if pane.zoom != .file {
        // Glyph rows are as wide as the screen allows: 128 cells at 200 columns.
        let glyphCells = size.0 >= 200 ? 128 : 64
        #expect(pane.cellsPerRow == size.2 && glyphLayout.grid(for: pane.zoom)!.cellsPerRow == glyphCells)
        #expect(pane.cellsX + pane.cellsPerRow * 2 <= size.0)
      }
      for c in 0..<pane.cellCount {
        guard let at = pane.position(ofCell: c) else { continue }
        // Both columns are one tile: the same style, the second blank.
        #expect(screen[at.x, at.y].style == screen[at.x + 1, at.y].style)
        #expect(screen[at.x + 1, at.y].glyph == " ")
      }
    }
  }

  @Test(arguments: [(40, 12), (80, 24), (100, 30), (200, 60)])
  func bothColumnsOfACellHitItsPage(_ size: (Int, Int)) {
    let (session, opening) = Scenario.oneSplitFolio()
    let state = Self.presenting(opening, captioned: true)
    let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: size.0, height: size.1))
    #expect(!layout.panes.isEmpty)
    for pane in layout.panes {
      for c in 0..<pane.cellCount {
        guard let at = pane.position(ofCell: c) else { continue }
        let page = pane.pages(ofCell: c).lowerBound
        #expect(layout.hitTest(x: at.x, y: at.y) == page)
        #expect(layout.hitTest(x: at.x + 1, y: at.y) == page)
        #expect(layout.zoom(atX: at.x + 1, y: at.y) == pane.zoom)
      }
      // Past the last cell of a full row: nothing.
      #expect(layout.hitTest(x: pane.cellsX + pane.cellsPerRow * 2, y: pane.rowsY) == nil)
    }
  }

  @Test func theCursorStepsByOneCell() {
    let (session, opening) = Scenario.oneSplitFolio()
    var state = Self.presenting(opening, captioned: true)
    let size = ScreenSize(width: 100, height: 30)
    let layout = ViewLayout(view: session.model, state: state, size: size)
    let folio = try! #require(layout.grid(for: .folio))
    #expect(folio.cellsPerRow == 32 && folio.pagesPerCell == Geometry.pagesPerBlock)
    #expect(folio.moved(1, columns: 1) == 1 + 512)
    #expect(folio.moved(1, rows: 1) == 1 + 32 * 512)
    #expect(folio.movedByScreen(1, screens: 1) == 1 + folio.visibleRows * 32 * 512)
    // An operation targets the cursor's cell: one 2 MiB block.
    #expect(layout.targetRange(state) == FileRange(offset: 0, length: 2 << 20))

    state.zoom = .block
    let blockLayout = ViewLayout(view: session.model, state: state, size: size)
    let block = try! #require(blockLayout.grid(for: .block))
    #expect(block.cellsPerRow == 32)
    #expect(block.moved(1, columns: 1) == 2)
    #expect(block.moved(1, rows: 1) == 33)
    #expect(blockLayout.targetRange(state) == FileRange(offset: 0x1000, length: 0x1000))

    // A click on the second column of the cell right of the cursor moves the cursor there, one page on.
    let at = try! #require(block.position(ofCell: 2))
    #expect(blockLayout.hitTest(x: at.x + 1, y: at.y) == 2)
    #expect(block.position(ofCell: 2)!.x == block.position(ofCell: 1)!.x + 2)

    // The cursor's tile is drawn as the cursor, both columns.
    let screen = Renderer.render(session.model, state, layout: blockLayout)
    let cursor = try! #require(block.position(ofCell: 1))
    #expect(screen[cursor.x, cursor.y].style == .cursor && screen[cursor.x + 1, cursor.y].style == .cursor)
  }

  /// At 100×30 with a caption: the header, the caption on three rows, the three zoom levels, a short inspector,
  /// the legend in full on three or four rows, the hint bar.
  @Test func whatFitsAtOneHundredByThirty() {
    let (session, opening) = Scenario.defaultSession()
    let state = Self.presenting(opening, captioned: true)
    let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 100, height: 30))
    #expect(layout.header == Rect(x: 0, y: 0, width: 100, height: 1))
    #expect(layout.caption == Rect(x: 0, y: 1, width: 100, height: 3))
    #expect(layout.panes.map(\.zoom) == [.file, .folio, .block])
    #expect(layout.grid(for: .folio)!.visibleRows == 8 && layout.grid(for: .block)!.visibleRows == 8)
    #expect(layout.info.height >= 3)
    #expect((3...4).contains(layout.legendRows.count) && !layout.legendIsShort)
    #expect(layout.hintBar == Rect(x: 0, y: 29, width: 100, height: 1))

    let screen = Renderer.render(session.model, state, layout: layout)
    #expect(screen.lines[2].hasPrefix(" ▶ " + Self.caption))
    #expect(screen.lines[2].hasSuffix(Self.command + " "))
    for y in 1...3 { #expect((0..<100).allSatisfy { screen[$0, y].style != .text }) }
  }

  @Test func theCaptionIsOneRowInOtherThemesWithTheCommandRightAligned() {
    let (session, opening) = Scenario.defaultSession()
    for theme in Theme.allCases {
      var state = opening
      state.theme = theme
      state.caption = Self.caption
      state.captionCommand = Self.command
      for (w, h) in [(80, 24), (100, 30)] {
        let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: w, height: h))
        #expect(layout.caption.height == (theme == .presentation ? 3 : 1))
        let screen = Renderer.render(session.model, state, layout: layout)
        let y = layout.caption.y + layout.caption.height / 2
        #expect(screen.lines[y].hasSuffix(Self.command + " "), "\(theme)")
        let commandX = w - 1 - Self.command.unicodeScalars.count
        #expect(screen[commandX, y].style == .captionCommand && screen[commandX - 1, y].style == .caption)
        #expect(screen[1, y].glyph == "▶" && screen[1, y].style == .caption)
      }
    }
    // A caption too long for both: the command keeps a third of the bar, the caption is cut.
    var state = opening
    state.caption = String(repeating: "long caption ", count: 10)
    state.captionCommand = String(repeating: "x", count: 40)
    let screen = session.screen(state, 90, 24)
    #expect(screen.lines[1].hasSuffix(String(repeating: "x", count: 29) + "… "))
    #expect(screen.lines[1].contains("…  "))
  }

  /// Nothing a projector blurs: no braille, no shades, no light rules, no dot for a hole; every map state a
  /// coloured tile with a background of its own, the cursor's distinct from all.
  @Test func nothingThinAndTheColourCarriesTheState() {
    let braille: ClosedRange<Unicode.Scalar> = "\u{2800}"..."\u{28FF}"
    let thin: Set<Character> = ["░", "▒", "▓", "─", "│"]
    for (session, opening) in [Scenario.mixed(zoom: .folio), Scenario.pinBlocksMerge(), Scenario.oneSplitFolio()] {
      let state = Self.presenting(opening, captioned: true)
      for (w, h) in [(40, 12), (80, 24), (100, 30), (200, 60)] {
        let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: w, height: h))
        let screen = Renderer.render(session.model, state, layout: layout)
        let bad = screen.cells.map(\.glyph).filter {
          thin.contains($0) || $0.unicodeScalars.contains { braille.contains($0) }
        }
        #expect(bad.isEmpty, "\(w)x\(h): \(bad.prefix(5))")
        for pane in layout.panes {
          for c in 0..<pane.cellCount {
            guard let at = pane.position(ofCell: c) else { continue }
            #expect(screen[at.x, at.y].glyph != "·")
          }
        }
      }
    }
    let states: [Style] = [
      .hole, .private, .shared, .sharedMapped, .faultablePrivate, .sharedUnfaultable, .pinned, .spte, .orphan,
      .violation, .mixed,
    ]
    let backgrounds = states.map { Theme.presentation.attributes(for: $0).background }
    #expect(!backgrounds.contains(.terminalDefault))
    #expect(Set(backgrounds).count == states.count)
    #expect(!backgrounds.contains(Theme.presentation.attributes(for: .cursor).background))
  }

  @Test func tiledGlyphsStayDistinct() {
    for glyphs in GlyphSet.all.map(\.tiled) {
      var seen: Set<Character> = []
      for category in PageCategory.allCases {
        seen.insert(glyphs.glyph(MapCell(category: category, shape: .whole)))
        seen.insert(glyphs.glyph(MapCell(category: category, shape: .split)))
      }
      let mixed = [FolioShape.whole, .split].map {
        glyphs.glyph(MapCell(category: .private, shape: $0, isMixed: true))
      }
      #expect(mixed == ["#", "%"] && seen.isDisjoint(with: mixed))
      #expect(glyphs.hole == " " && glyphs.isASCII == (glyphs.name == "ascii tiles"))
    }
  }

  @Test(arguments: [(40, 12), (60, 20), (20, 5), (300, 90), (100, 30)])
  func smallAndLargeScreensRender(_ size: (Int, Int)) {
    for (session, opening) in [Scenario.mixed(zoom: .file), Scenario.defaultSession()] {
      for zoom in ZoomLevel.allCases {
        var state = Self.presenting(opening, captioned: true)
        state.zoom = zoom
        let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: size.0, height: size.1))
        let screen = Renderer.render(session.model, state, layout: layout)
        #expect(screen.width == size.0 && screen.height == size.1)
        guard !layout.isTooSmall else { continue }
        #expect(layout.grid(for: zoom) != nil)
        for pane in layout.panes {
          #expect(pane.frame.maxY <= layout.legend.y, "\(size) \(zoom)")
          let cell = try! #require(pane.cell(ofPage: layout.cursor))
          #expect(pane.position(ofCell: cell) != nil, "the cursor is visible: \(size) \(zoom)")
        }
      }
    }
  }
}
