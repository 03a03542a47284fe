import Testing

@testable import GmemTerminal

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Glyph encoding")
struct GlyphEncoderTests {
  /// The wide string for `glyph` in `locale` (set for this thread only).
  private func encoded(_ glyph: Character, locale name: String) -> [wchar_t] {
    encodedWithColumns(glyph, locale: name).buffer
  }

  /// The wide string for `glyph` in `locale` and the columns it takes, a wide glyph allowed when `wide`.
  private func encodedWithColumns(_ glyph: Character, locale name: String, wide: Bool = false) -> (
    buffer: [wchar_t], columns: Int
  ) {
    guard let locale = newlocale(1 << LC_CTYPE, name, nil) else { return ([], 0) }
    defer { freelocale(locale) }
    let previous = uselocale(locale)
    defer { uselocale(previous) }
    var buffer: [wchar_t] = []
    let columns = GlyphEncoder.encode(glyph, into: &buffer, wideAllowed: wide)
    return (buffer, columns)
  }

  @Test("a wide glyph with a second column for it is kept, in two columns; without one it is ?")
  func wide() {
    #expect(encodedWithColumns("漢", locale: "C.UTF-8", wide: true) == ([0x6F22, 0], 2))
    #expect(encodedWithColumns("漢", locale: "C.UTF-8") == ([0x3F, 0], 1))
    #expect(encodedWithColumns("a", locale: "C.UTF-8", wide: true) == ([0x61, 0], 1))
    #expect(encodedWithColumns("漢", locale: "C", wide: true) == ([0x3F, 0], 1), "the C locale cannot show it")
    #expect(encodedWithColumns("漢\u{301}", locale: "C.UTF-8", wide: true) == ([0x6F22, 0x301, 0], 2))
  }

  @Test("ASCII, control characters, one-column and combining glyphs in UTF-8")
  func utf8() {
    #expect(encoded("a", locale: "C.UTF-8") == [0x61, 0])
    #expect(encoded("\u{1}", locale: "C.UTF-8") == [0x20, 0])
    #expect(encoded("\u{7F}", locale: "C.UTF-8") == [0x20, 0])
    #expect(encoded("é", locale: "C.UTF-8") == [0xE9, 0])
    #expect(encoded("▀", locale: "C.UTF-8") == [0x2580, 0])
    #expect(encoded("e\u{301}", locale: "C.UTF-8") == [0x65, 0x301, 0])
  }

  @Test("glyphs that are not one column become ?")
  func notOneColumn() {
    #expect(encoded("漢", locale: "C.UTF-8") == [0x3F, 0])
    #expect(encoded("\u{301}", locale: "C.UTF-8") == [0x3F, 0])
    #expect(encoded("é", locale: "C") == [0x3F, 0], "the C locale cannot show it")
  }
}
