import GmemModel
import GmemView
import Testing

/// What a map cell shows: never pure when mixed, whole unlike split, readable without colour.
@Suite("Map cells and glyphs")
struct CellTests {
  @Test func aBlockWithOneSharedPageIsNotAPurePrivateCell() {
    let session = ScriptedSession("share 0x1000")
    let reader = MapCellReader(view: session.model)
    let mixed = reader.aggregate(0..<512)
    let pure = reader.aggregate(512..<1024)
    #expect(mixed.isMixed)
    #expect(mixed.category == .private)  // the majority
    #expect(!pure.isMixed && pure.category == .private && pure.shape == .split)
    for glyphs in GlyphSet.all {
      #expect(glyphs.glyph(mixed) != glyphs.glyph(pure))
      #expect(glyphs.glyph(mixed) != glyphs.glyph(MapCell(category: .private, shape: .whole)))
    }
    #expect(mixed.style == .mixed)

    // On screen (the cursor elsewhere): folio 0 in the file pane and block 0 in the folio pane are mixed.
    for (zoom, cursor) in [(ZoomLevel.file, Geometry.pagesPerRegion + 600), (.folio, 600)] {
      let state = session.state(zoom: zoom, cursor: cursor)
      let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 80, height: 24))
      let screen = Renderer.render(session.model, state, layout: layout)
      let pane = try! #require(layout.grid(for: zoom))
      let at = try! #require(pane.position(ofCell: 0))
      #expect(screen[at.x, at.y].style == .mixed)
      #expect(!["p", "P"].contains(screen[at.x, at.y].glyph))
    }
  }

  @Test func anSPTEOnOnePageMakesItsBlockMixed() {
    let session = ScriptedSession("guest write 0x0 0x11")
    let cell = MapCellReader(view: session.model).aggregate(0..<512)
    // A whole 1G folio is mapped by one 1G SPTE, so the whole block has it: pure.
    #expect(!cell.isMixed && cell.category == .spte && cell.shape == .whole)
    let split = ScriptedSession("share 0x1000\nguest write 0x200000 0x11")
    let mixed = MapCellReader(view: split.model).aggregate(512..<1024)
    #expect(mixed.isMixed && mixed.shape == .split)
  }

  @Test(arguments: ZoomLevel.allCases)
  func wholeAndSplitFoliosLookDifferent(_ zoom: ZoomLevel) {
    // Folio 0 is split, folio 1 whole; the same offset in each is private, unmapped, without SPTE.
    let session = ScriptedSession("share 0x1000")
    let offsetInFolio = 100 * Geometry.pagesPerBlock + 7
    var cells: [Cell] = []
    for folio in 0..<2 {
      let cursor = folio * Geometry.pagesPerRegion + offsetInFolio
      let state = session.state(zoom: zoom, cursor: cursor)
      let layout = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 120, height: 40))
      let screen = Renderer.render(session.model, state, layout: layout)
      let pane = try! #require(layout.grid(for: zoom))
      let c = pane.cell(ofPage: cursor)! + (zoom == .file ? 0 : 1)  // next to the cursor, unstyled by it
      let at = try! #require(pane.position(ofCell: c))
      cells.append(screen[at.x, at.y])
    }
    #expect(cells[0].glyph != cells[1].glyph)
  }

  @Test func everyCategoryHasDistinctGlyphsForWholeAndSplit() {
    for glyphs in GlyphSet.all {
      var seen: Set<Character> = []
      for category in PageCategory.allCases {
        let whole = glyphs.glyph(MapCell(category: category, shape: .whole))
        let split = glyphs.glyph(MapCell(category: category, shape: .split))
        if category == .hole || category == .orphan {
          #expect(whole == split)  // no folio there
          seen.insert(whole)
        } else {
          #expect(whole != split, "\(category)")
          seen.insert(whole)
          seen.insert(split)
        }
      }
      let mixedWhole = glyphs.glyph(MapCell(category: .private, shape: .whole, isMixed: true))
      let mixedSplit = glyphs.glyph(MapCell(category: .private, shape: .split, isMixed: true))
      #expect(mixedWhole != mixedSplit)
      #expect(!seen.contains(mixedWhole) && !seen.contains(mixedSplit))
      #expect(seen.count == 2 * (PageCategory.allCases.count - 2) + 2)
      #expect(!seen.contains(glyphs.violation))
    }
  }

  @Test func spteLevelsShowAtThePageZoom() {
    let session = ScriptedSession("guest write 0x0 0x11")
    let cells = MapCellReader(view: session.model).pageCells(0..<4)
    #expect(cells.allSatisfy { $0.category == .spte && $0.spteLevel == .pud1G })
    #expect(GlyphSet.unicode.glyph(cells[0]) == "1")
  }

  @Test func theASCIISetIsASCII() {
    #expect(GlyphSet.ascii.glyphs.allSatisfy { $0.isASCII })
    #expect(GlyphSet.ascii.isASCII && !GlyphSet.unicode.isASCII)
    for item in Legend.items(.ascii) { #expect(item.samples.allSatisfy { $0.glyph.isASCII }) }
  }

  @Test func anASCIIFrameIsASCIIEverywhere() {
    let (session, opening) = Scenario.pinBlocksMerge()
    var state = opening
    state.glyphs = .ascii
    for (help, prompt) in [(false, false), (true, false), (false, true)] {
      state.showsHelp = help
      state.prompt =
        prompt
        ? CommandPrompt(text: "share 0x1000+", error: PromptError(column: 14, message: "expected a NUMBER")) : nil
      for (w, h) in [(40, 12), (80, 24), (200, 60), (20, 5)] {
        let screen = session.screen(state, w, h)
        let bad = screen.cells.filter { !$0.glyph.isASCII }.map(\.glyph)
        #expect(bad.isEmpty, "\(w)x\(h) help \(help): \(bad.prefix(5))")
      }
    }
  }

  @Test func holesAndOrphans() {
    let session = ScriptedSession(
      """
      share 0x1000
      mmap
      pin 0x1000
      punch 0x0+1G
      """)
    let cells = MapCellReader(view: session.model).pageCells(0..<3)
    #expect(cells[0].category == .hole && cells[1].category == .orphan && cells[2].category == .hole)
    #expect(GlyphSet.unicode.glyph(cells[0]) == "·" && GlyphSet.unicode.glyph(cells[1]) == "o")
  }
}
