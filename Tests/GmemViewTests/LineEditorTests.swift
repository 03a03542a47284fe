import GmemView
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The `:` line edited by grapheme cluster, with keys arriving one Unicode scalar at a time as curses gives them.
@Suite("Line editor")
struct LineEditorTests {
  /// `text` typed one scalar per key.
  static func typed(_ text: String, into line: inout LineEditor) {
    for scalar in text.unicodeScalars { line.insert(Character(scalar)) }
  }

  static func typed(_ text: String) -> LineEditor {
    var line = LineEditor()
    typed(text, into: &line)
    return line
  }

  @Test("e, U+0301, x: the accent joins the e, the cursor stays after the x")
  func decomposedAccentThenX() {
    let line = Self.typed("e\u{301}x")
    #expect(line.characters == ["e\u{301}", "x"])
    #expect(line.cursor == 2)
    #expect(line.text == "e\u{301}x")
  }

  @Test("👍, 🏽, x: the skin tone joins the thumb")
  func skinToneThenX() {
    let line = Self.typed("👍🏽x")
    #expect(line.characters == ["👍🏽", "x"])
    #expect(line.cursor == 2)
  }

  @Test("🇺, 🇸, x: two regional indicators make one flag; a third starts another")
  func flagThenX() {
    var line = Self.typed("🇺🇸x")
    #expect(line.characters == ["🇺🇸", "x"])
    #expect(line.cursor == 2)
    line.moveLeft()
    Self.typed("🇫🇷", into: &line)
    #expect(line.characters == ["🇺🇸", "🇫🇷", "x"])
    #expect(line.cursor == 2)
  }

  @Test("a ZWJ sequence typed scalar by scalar is one cluster")
  func zwjSequence() {
    let line = Self.typed("👩\u{200D}💻.")
    #expect(line.characters == ["👩\u{200D}💻", "."])
  }

  @Test("an accent typed first, or after the cursor moved to the start, stands alone and never breaks the cursor")
  func accentWithNothingBefore() {
    var line = Self.typed("\u{301}a")
    #expect(line.characters == ["\u{301}", "a"])
    line.moveToStart()
    Self.typed("e", into: &line)
    #expect(line.characters == ["e", "\u{301}", "a"])
    #expect(line.cursor == 1)
    let deleted = line.deleteBackward()
    #expect(deleted)
    #expect(line.characters == ["\u{301}", "a"])
  }

  @Test("Backspace, Delete, ←, →, Home, End and Ctrl-U move and delete whole clusters")
  func editingKeys() {
    var line = Self.typed("ae\u{301}👍🏽b")
    line.moveLeft()
    line.moveLeft()
    #expect(line.cursor == 2)
    line.deleteForward()
    #expect(line.text == "ae\u{301}b")
    let deleted = line.deleteBackward()
    #expect(deleted)
    #expect(line.text == "ab" && line.cursor == 1)
    line.moveToEnd()
    #expect(line.cursor == 2)
    line.moveRight()
    #expect(line.cursor == 2)
    line.deleteForward()
    #expect(line.text == "ab")
    line.moveLeft()
    line.killToStart()
    #expect(line.text == "b" && line.cursor == 0)
    let deletedAtStart = line.deleteBackward()
    #expect(!deletedAtStart)
    line.moveLeft()
    #expect(line.cursor == 0)
    line.replace(with: "share 0x1000")
    #expect(line.cursor == 12 && line.text == "share 0x1000")
  }

  @Test("a paste of 5,000 characters, then Backspace and Ctrl-U")
  func pasteThenBackspaceAndKill() {
    let paste = String(repeating: "e\u{301}日👍🏽🇺🇸x", count: 1000)
    var line = Self.typed(paste)
    #expect(line.characters.count == 5000)
    #expect(line.cursor == 5000)
    #expect(line.text == paste)
    let deleted = line.deleteBackward()
    #expect(deleted)
    #expect(line.cursor == 4999 && line.characters.last == "🇺🇸")
    line.killToStart()
    #expect(line.isEmpty && line.cursor == 0)
  }

  @Test("pasting 5,000 characters is linear: well under a second (it took seconds when each key copied the line)")
  func pasteIsLinear() {
    let scalars = Array(String(repeating: "share 0x1000+4K e\u{301} ", count: 300).unicodeScalars)
    #expect(scalars.count >= 5000)
    let start = Self.now()
    var line = LineEditor()
    for scalar in scalars { line.insert(Character(scalar)) }
    let seconds = Self.now() - start
    #expect(line.cursor == line.characters.count)
    #expect(seconds < 1, "took \(seconds) s")
  }

  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}
