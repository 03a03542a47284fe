// How many terminal columns a grapheme cluster takes, after Unicode's East Asian Width (UAX #11) and emoji
// presentation (UTS #51), as terminals and wcwidth count them.
extension TextColumns {
  /// The columns `character` takes on a terminal: 2 for an East Asian Wide or Fullwidth character (CJK, Hangul,
  /// fullwidth forms) and for an emoji shown as an emoji (a skin tone, a flag, a ZWJ sequence, a symbol with
  /// U+FE0F); 0 for a cluster made only of combining marks and zero-width characters (a combining accent typed
  /// alone, a ZWJ, a variation selector); 1 for anything else, including a control character, which
  /// ``displayed(_:)`` draws as one `?`.
  public static func width(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    let first = scalars.first!
    if first.value < 0x300 && scalars.count == 1 { return 1 }
    if scalars.allSatisfy(isZeroWidth) { return 0 }
    if isWide(first) { return 2 }
    let emoji = first.properties.isEmoji
    for scalar in scalars where scalar.properties.isEmojiPresentation || (emoji && scalar == "\u{FE0F}") {
      return 2
    }
    return 1
  }

  /// `character` as a cell shows it: a control character (C0, DEL or C1) becomes `?`; a cluster that would join
  /// whatever stands before it (a skin tone or a spacing mark typed alone) gets a no-break space to stand on, so
  /// that each cell stays a cluster of its own.
  public static func displayed(_ character: Character) -> Character {
    let value = character.unicodeScalars.first!.value
    if value < 0x20 || (value >= 0x7F && value < 0xA0) { return "?" }
    if value >= 0x300 && ("a" + String(character)).count == 1 { return Character("\u{A0}" + String(character)) }
    return character
  }

  /// A scalar that takes no column of its own: a nonspacing or enclosing mark, a format character (ZWJ, ZWNJ,
  /// U+200B), or a Hangul medial vowel or final consonant.
  static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return true
    default: return (0x1160...0x11FF).contains(scalar.value) || (0xD7B0...0xD7FF).contains(scalar.value)
    }
  }

  /// The East Asian Wide and Fullwidth blocks (UAX #11), and emoji that default to emoji presentation.
  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    guard v >= 0x1100 else { return false }
    if scalar.properties.isEmojiPresentation { return true }
    return wideRanges.contains { $0.contains(v) }
  }

  /// Code points East Asian Width gives W or F (their unassigned code points too, as wcwidth does).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initial consonants
    0x2329...0x232A,  // angle brackets
    0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
    0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
    0x3400...0x4DBF,  // CJK extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xA960...0xA97F,  // Hangul Jamo extended A
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE10...0xFE19,  // vertical forms
    0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
    0xFF00...0xFF60,  // fullwidth forms
    0xFFE0...0xFFE6,  // fullwidth signs
    0x16FE0...0x18AFF,  // Tangut, Khitan
    0x1B000...0x1B2FF,  // Kana supplement and extensions, Nushu
    0x1F200...0x1F2FF,  // enclosed ideographic supplement
    0x20000...0x2FFFD,  // CJK extensions B to F, compatibility supplement
    0x30000...0x3FFFD,  // CJK extensions G and H
  ]
}
