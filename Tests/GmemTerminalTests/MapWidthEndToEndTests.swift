import Foundation
import GmemTestSupport
import Testing

/// The map follows the terminal's width end to end: 128-cell rows and nine blocks of pages at 200×60, 64-cell
/// rows and one block at 80×24, switching as the pane is resized.
@Suite(
  "Map width end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the end-to-end tests"))
struct MapWidthEndToEndTests {
  /// The cells of the first map row labelled `label` (the folio pane's first row is the cursor's), as drawn.
  private func cells(after label: String, in lines: [String]) -> Int? {
    guard let line = lines.first(where: { $0.hasPrefix(label) }) else { return nil }
    let row = line.dropFirst(label.count + 1).prefix { !"│ ".contains($0) }
    return row.count
  }

  @Test("a 200-column terminal draws rows of 128 cells and nine blocks of pages; 80 columns draw 64 and one")
  func rowsFollowTheWidth() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program, arguments: [], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame; the pane shows:\n\(session.capture())")
    session.send("s")
    #expect(session.wait(for: "blocks 0–8 · 0x0+18M"), "the pane shows:\n\(session.capture())")
    var lines = session.lines()
    #expect(
      cells(after: "0x010000000", in: lines) == 128, "a folio row is 128 cells of 2M:\n\(lines.joined(separator: "\n"))"
    )
    #expect(cells(after: "0x000080000", in: lines) == 128, "a page row is 128 cells of 4K")
    #expect(lines.contains { $0.hasPrefix("0x001180000") }, "the ninth block's last row is on screen")

    session.resize(width: 80, height: 24)
    #expect(session.wait(for: "block 0 · 0x0+2M"), "the pane shows:\n\(session.capture())")
    lines = session.lines()
    #expect(cells(after: "0x008000000", in: lines) == 64, "a folio row is 64 cells at 80 columns")
    session.send("q")
    session.expectExit(status: 0)
  }
}
