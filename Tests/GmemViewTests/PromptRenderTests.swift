import GmemModel
import GmemView
import Testing

/// The `:` line and the caption drawn by terminal columns: the cursor in the right column whatever the text, a
/// long line scrolled and a long caption cut by columns.
@Suite("Prompt and caption by columns")
struct PromptRenderTests {
  /// The prompt's row of `screen`, its text and styles.
  static func promptRow(_ screen: Screen) throws -> (text: String, styles: [Character]) {
    let y = try #require(screen.lines.lastIndex { $0.hasPrefix(":") })
    return (screen.lines[y], Array(screen.styleLines[y]))
  }

  /// The columns of the cursor's cells in `screen`'s prompt row.
  static func cursorColumns(_ screen: Screen) throws -> [Int] {
    let styles = try promptRow(screen).styles
    return styles.indices.filter { styles[$0] == "@" }
  }

  static func render(_ line: LineEditor, width: Int = 80, glyphs: GlyphSet = .unicode) -> Screen {
    let (session, opening) = Scenario.defaultSession()
    var state = opening
    state.glyphs = glyphs
    var prompt = CommandPrompt()
    prompt.line = line
    state.prompt = prompt
    return session.screen(state, width, 24)
  }

  @Test("after wide characters and an accent the cursor is at their width in columns, not their count")
  func cursorAfterWideCharacters() throws {
    let line = LineEditorTests.typed("e\u{301}日👍🏽🇺🇸x")
    let screen = Self.render(line)
    // ':' then é (1), 日 (2), 👍🏽 (2), 🇺🇸 (2), x (1): the cursor after them is column 9.
    #expect(try Self.cursorColumns(screen) == [9])
    #expect(try Self.promptRow(screen).text.hasPrefix(":e\u{301}日 👍🏽 🇺🇸 x "))
  }

  @Test("on a wide character the cursor covers both its columns")
  func cursorOnAWideCharacter() throws {
    var line = LineEditorTests.typed("a日本")
    line.moveLeft()
    #expect(try Self.cursorColumns(Self.render(line)) == [4, 5])
  }

  @Test("a long line of wide characters scrolls by columns and keeps the cursor in the bar")
  func longWideLineScrolls() throws {
    let line = LineEditorTests.typed(String(repeating: "日本", count: 100))
    for width in [40, 41, 80, 81] {
      let screen = Self.render(line, width: width)
      let cursor = try Self.cursorColumns(screen)
      #expect(cursor.count == 1 && cursor[0] <= width - 2, "\(width): \(cursor)")
      // Every column between ':' and the cursor is a whole wide character: an ideograph, then its blank.
      let text = Array(try Self.promptRow(screen).text)
      for x in stride(from: cursor[0] - 2, to: 0, by: -2) {
        #expect(text[x] == "日" || text[x] == "本", "\(width): column \(x) is \(text[x])")
        #expect(text[x + 1] == " ")
      }
    }
  }

  @Test("the cursor moved to the start of a long line shows the line's start")
  func cursorAtStartOfLongLine() throws {
    var line = LineEditorTests.typed("日" + String(repeating: "x", count: 200))
    line.moveToStart()
    let screen = Self.render(line)
    #expect(try Self.cursorColumns(screen) == [1, 2])
    #expect(try Self.promptRow(screen).text.hasPrefix(":日 xxx"))
  }

  @Test("an error's caret goes under its column counted in clusters, drawn in columns")
  func errorCaretInColumns() throws {
    let (session, opening) = Scenario.defaultSession()
    var state = opening
    state.prompt = CommandPrompt(text: "日本 x", error: PromptError(column: 4, message: "unknown command"))
    let lines = session.screen(state, 80, 24).lines
    let caret = try #require(lines.last { $0.contains("col 4") })
    #expect(Array(caret).firstIndex(of: "^") == 6)
  }

  @Test("a caption with an accent, CJK and emoji is cut by columns and never overflows its bar")
  func captionCutByColumns() {
    let (session, opening) = Scenario.defaultSession()
    var state = opening
    state.caption = String(repeating: "café e\u{301} 日本語 👍🏽 🇺🇸 ", count: 20)
    state.captionCommand = "share 0x1000 → ok"
    for width in 40...90 {
      let screen = session.screen(state, width, 24)
      #expect(screen.lines.allSatisfy { $0.count == width })
      let row = screen.lines.first { $0.contains("▶") } ?? ""
      #expect(row.contains("…"), "\(width): \(row)")
      if width >= 60 { #expect(row.hasSuffix("ok "), "the command keeps its place at the right: \(row)") }
    }
  }
}
