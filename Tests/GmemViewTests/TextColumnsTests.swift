import GmemView
import Testing

/// Terminal columns of grapheme clusters, and text measured, cut and drawn by them.
@Suite("Text columns")
struct TextColumnsTests {
  @Test(
    "each cluster's width",
    arguments: [
      ("a", 1), ("e\u{301}", 1), ("é", 1), ("\u{301}", 0), ("\u{200D}", 0), ("\u{FE0F}", 0), ("日", 2), ("한", 2),
      ("Ａ", 2), ("👍", 2), ("👍🏽", 2), ("🇺🇸", 2), ("🇺", 2), ("👩\u{200D}💻", 2), ("❤\u{FE0F}", 2), ("❤", 1),
      ("1\u{FE0F}\u{20E3}", 2), ("…", 1), ("─", 1), ("\u{1}", 1), ("\u{9B}", 1),
    ] as [(Character, Int)])
  func width(_ character: Character, _ columns: Int) {
    #expect(TextColumns.width(of: character) == columns, "\(character.unicodeScalars.map { $0.value })")
  }

  @Test("a line measures the sum of its clusters; controls are drawn as ?")
  func columns() {
    #expect(TextColumns.columns("cafe\u{301} 日本 👍🏽") == 12)
    #expect(TextColumns.columns("share 0x1000") == 12)
    #expect(TextColumns.displayed("\u{7}") == "?")
    #expect(TextColumns.displayed("日") == "日")
    // A skin tone alone would join the cell before it: it stands on a no-break space.
    #expect(TextColumns.displayed("🏽") == "\u{A0}🏽")
    #expect(TextColumns.displayed("e\u{301}") == "e\u{301}")
  }

  @Test("a cut counts columns, and never splits a wide character or an accent from its letter")
  func truncate() {
    #expect(TextColumns.truncate("日本語テキスト", width: 5) == "日本…")
    #expect(TextColumns.truncate("日本語テキスト", width: 4) == "日…")
    #expect(TextColumns.truncate("cafe\u{301}cafe\u{301}", width: 5) == "cafe\u{301}…")
    #expect(TextColumns.truncate("cafe\u{301}", width: 4) == "cafe\u{301}")
    #expect(TextColumns.truncate("👍🏽👍🏽", width: 3) == "👍🏽…")
  }

  @Test("put draws a wide character in two cells, an accent on its letter, and stops at the limit in columns")
  func put() {
    var screen = Screen(size: ScreenSize(width: 8, height: 1))
    let end = screen.put("e\u{301}日👍🏽x", x: 0, y: 0, style: .text)
    #expect(end == 6)
    #expect(screen.cells.prefix(6).map(\.glyph) == ["e\u{301}", "日", " ", "👍🏽", " ", "x"])
    var cut = Screen(size: ScreenSize(width: 8, height: 1))
    #expect(cut.put("a日本", x: 0, y: 0, style: .text, limit: 4) == 3)
    #expect(cut.lines == ["a日      "])
    var control = Screen(size: ScreenSize(width: 3, height: 1))
    control.put("a\u{1B}\u{301}", x: 0, y: 0, style: .text)
    #expect(control.lines == ["a? "])
  }
}

/// Recordings write a wide character once, for both its columns, and anything that would not keep its column
/// as `?`.
@Suite("Wide characters in recordings")
struct WideRecordingTests {
  @Test("a wide character and its blank are written once; the next cell follows it")
  func wideCharacter() {
    var screen = Screen(size: ScreenSize(width: 6, height: 1))
    screen.put("日x👍🏽", x: 0, y: 0, style: .text)
    var encoder = AnsiFrameEncoder(theme: .dark)
    let first = encoder.encode(screen)
    #expect(first.contains("日x👍🏽"), "no blank between a wide character and the next: \(first.debugDescription)")
  }

  @Test("a wide character without its blank, or a lone accent, is written as one ?")
  func notItsColumns() {
    var screen = Screen(size: ScreenSize(width: 4, height: 1))
    screen[0, 0] = Cell("日", .text)
    screen[1, 0] = Cell("本", .text)
    screen[2, 0] = Cell("\u{301}", .text)
    screen[3, 0] = Cell("x", .text)
    var encoder = AnsiFrameEncoder(theme: .dark)
    let output = encoder.encode(screen)
    #expect(output.hasSuffix("???x"), "\(output.debugDescription)")
  }

  @Test("when the blank after a wide character changes, the wide character is written again")
  func blankChanges() {
    var screen = Screen(size: ScreenSize(width: 4, height: 1))
    screen.put("日x", x: 0, y: 0, style: .text)
    var encoder = AnsiFrameEncoder(theme: .dark)
    _ = encoder.encode(screen)
    screen[1, 0] = Cell("b", .text)
    let second = encoder.encode(screen)
    #expect(second.hasPrefix("\u{1B}[1;1H") && second.hasSuffix("?b"), "\(second.debugDescription)")
  }
}
