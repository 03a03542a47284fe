import GmemModel
import GmemView
import Testing

/// The map's row width follows the terminal (64, 128 or 256 cells), and the page pane shows as many whole
/// 2 MiB blocks as the map column has rows for.
@Suite("Row width and the page pane's blocks")
struct RowWidthTests {
  private func layout(_ width: Int, _ height: Int, zoom: ZoomLevel = .folio, cursor: Int? = nil) -> ViewLayout {
    let (session, opening) = Scenario.oneSplitFolio(zoom: zoom)
    var state = opening
    if let cursor { state.cursor = cursor }
    return ViewLayout(view: session.model, state: state, size: ScreenSize(width: width, height: height))
  }

  @Test(arguments: [(80, 24, 64), (120, 40, 64), (180, 50, 128), (200, 60, 128), (306, 80, 128), (320, 90, 256)])
  func rowWidthFollowsTheTerminal(_ size: (Int, Int, Int)) throws {
    let l = layout(size.0, size.1)
    for zoom in [ZoomLevel.folio, .block] {
      let grid = try #require(l.grid(for: zoom))
      #expect(grid.cellsPerRow == size.2, "\(zoom) at \(size.0)x\(size.1)")
      // Every row starts at a whole address: a row is a power-of-two number of cells.
      #expect((grid.cellsPerRow * grid.pagesPerCell) & (grid.cellsPerRow * grid.pagesPerCell - 1) == 0)
    }
    // A wide row still leaves the column beside the maps.
    if size.2 > 64 { #expect(l.divider != nil && size.0 - l.divider! - 1 >= 38) }
  }

  @Test func theLabelsOfAWideRowAreWholeAddresses() {
    let (session, state) = Scenario.oneSplitFolio()
    let screen = session.screen(state, 200, 60)
    let labels = screen.lines.compactMap { line -> UInt64? in
      guard line.hasPrefix("0x") else { return nil }
      return UInt64(line.prefix(11).dropFirst(2), radix: 16)
    }
    #expect(labels.contains(0x1000_0000))  // the folio pane: 128 cells of 2 MiB is 256 MiB a row
    #expect(labels.contains(0x80000))  // the page pane: 128 pages of 4 KiB is 512 KiB a row
    #expect(labels.allSatisfy { $0 % 0x80000 == 0 })
  }

  @Test func thePagePaneShowsMoreBlocksWhereRowsAreSpare() throws {
    #expect(try #require(layout(80, 24).grid(for: .block)).cellCount <= 512)
    let medium = layout(120, 40)
    #expect(medium.pagePaneBlocks == 2)
    #expect(try #require(medium.grid(for: .block)).cellCount == 2 * 512)
    let wide = layout(200, 60)
    #expect(wide.pagePaneBlocks > 4)
    let block = try #require(wide.grid(for: .block))
    #expect(block.cellCount == wide.pagePaneBlocks * 512 && block.visibleRows == block.rowCount)
    // The inspector keeps its rows under the maps.
    #expect(wide.info.height >= 10)
  }

  @Test func theWindowOfBlocksFollowsTheCursorAndStaysInItsFolio() throws {
    let l = layout(200, 60, zoom: .block, cursor: 5 * 512 + 3)
    let blocks = l.pagePaneBlocks
    let grid = try #require(l.grid(for: .block))
    #expect(grid.firstPage == 5 / blocks * blocks * 512)
    #expect(grid.pages.contains(5 * 512 + 3))
    // The last window of a folio stops at the folio's end.
    let last = layout(200, 60, zoom: .block, cursor: Geometry.pagesPerRegion - 1)
    let lastGrid = try #require(last.grid(for: .block))
    #expect(lastGrid.pages.upperBound == Geometry.pagesPerRegion)
    #expect(lastGrid.pages.contains(Geometry.pagesPerRegion - 1))
  }

  @Test func thePresentationThemeKeepsItsTiles() throws {
    let (session, opening) = Scenario.oneSplitFolio()
    var state = opening
    state.theme = .presentation
    let l = ViewLayout(view: session.model, state: state, size: ScreenSize(width: 200, height: 60))
    let grid = try #require(l.grid(for: .folio))
    #expect(grid.cellWidth == state.theme.tileWidth && grid.cellsPerRow == 64)
    #expect(l.pagePaneBlocks == 1)
  }
}
