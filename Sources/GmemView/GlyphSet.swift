import GmemModel

/// The characters the map and the frame are drawn with: `unicode`, or `ascii` for `LANG=C` and `--ascii`.
///
/// Page categories are letters, so the map reads without colour: upper case in a whole huge folio, lower case in
/// 4 KiB folios (split, or a file of base pages). A cell aggregating pages in more than one state never shows a
/// letter: it shows a mix glyph, dense in a whole folio and light in a split one. At the page zoom a private
/// page with an SPTE shows its level: `1` (1G), `2` (2M), `4` (4K).
public struct GlyphSet: Equatable, Sendable {
  /// `unicode` or `ascii`.
  public var name: String
  /// True when every glyph, and all text drawn with this set, is ASCII.
  public var isASCII: Bool
  /// A hole.
  public var hole: Character
  /// An orphaned page.
  public var orphan: Character
  /// A broken invariant.
  public var violation: Character
  /// A mixed cell in a whole folio.
  public var mixedWhole: Character
  /// A mixed cell in 4 KiB folios (or spanning folios of both shapes).
  public var mixedSplit: Character
  /// A horizontal rule.
  public var rule: Character
  /// The rule of the focused pane's title.
  public var heavyRule: Character
  /// A vertical rule.
  public var verticalRule: Character
  /// The marker before the cursor's row on a map.
  public var cursorMarker: Character
  /// The marker of a truncated text.
  public var ellipsis: Character
  /// The bullet before a log entry's events.
  public var bullet: Character

  /// Box drawing, shades and arrows.
  public static let unicode = GlyphSet(
    name: "unicode", isASCII: false, hole: "·", orphan: "o", violation: "!", mixedWhole: "▓",
    mixedSplit: "░", rule: "─", heavyRule: "━", verticalRule: "│", cursorMarker: "▸", ellipsis: "…", bullet: "·")

  /// Plain ASCII.
  public static let ascii = GlyphSet(
    name: "ascii", isASCII: true, hole: ".", orphan: "o", violation: "!", mixedWhole: "#",
    mixedSplit: "%", rule: "-", heavyRule: "=", verticalRule: "|", cursorMarker: ">", ellipsis: "~", bullet: "-")

  /// Every glyph set.
  public static let all: [GlyphSet] = [.unicode, .ascii]

  /// This set for two-column tiles (`Theme.tileWidth`), where the colour carries the state: nothing thin that a
  /// projector blurs. A hole is an empty tile, a mixed cell `#` (whole folio) or `%` (4 KiB folios) instead of a
  /// shade, and rules are heavy.
  public var tiled: GlyphSet {
    var t = self
    t.name = name + " tiles"
    t.hole = " "
    t.mixedWhole = "#"
    t.mixedSplit = "%"
    if !isASCII {
      t.rule = heavyRule
      t.verticalRule = "┃"
    }
    return t
  }

  /// The letter of a category in a whole folio (upper case); nil for hole and orphan, which have glyphs.
  public static func letter(_ category: PageCategory) -> Character? {
    switch category {
    case .hole, .orphan: nil
    case .private: "P"
    case .shared: "S"
    case .sharedMapped: "M"
    case .faultablePrivate: "F"
    case .sharedUnfaultable: "U"
    case .pinned: "G"
    case .spte: "K"
    }
  }

  /// The glyph of a map cell.
  public func glyph(_ cell: MapCell) -> Character {
    if cell.isViolation { return violation }
    if cell.isMixed { return cell.shape == .whole ? mixedWhole : mixedSplit }
    switch cell.category {
    case .hole: return hole
    case .orphan: return orphan
    case .spte where cell.isPage:
      switch cell.spteLevel {
      case .pud1G: return "1"
      case .pmd2M: return "2"
      default: return "4"
      }
    default:
      let upper = Self.letter(cell.category) ?? "?"
      return cell.shape == .whole ? upper : Character(upper.lowercased())
    }
  }

  /// Every glyph the set draws map cells and frames with.
  public var glyphs: [Character] {
    var out: [Character] = [
      hole, orphan, violation, mixedWhole, mixedSplit, rule, heavyRule, verticalRule, cursorMarker, ellipsis, bullet,
      "1", "2",
      "4",
    ]
    for c in PageCategory.allCases {
      if let l = Self.letter(c) { out += [l, Character(l.lowercased())] }
    }
    return out
  }

  /// `text` as this set can draw it: unchanged for unicode; for ascii, arrows, rules, dots and other
  /// non-ASCII characters become ASCII.
  public func display(_ text: String) -> String {
    guard isASCII, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if scalar.isASCII {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "→", "⇒": out += "->"
      case "←": out += "<-"
      case "↑": out += "^"
      case "↓": out += "v"
      case "⏎": out += "Enter"
      case "×": out += "x"
      case "·", "│", "┃": out += "|"
      case "…": out += "..."
      case "─", "━", "—", "–": out += "-"
      case "▸", "▶": out += ">"
      case "◂", "◀": out += "<"
      case "▓": out += "#"
      case "░", "▒": out += "%"
      case "≥": out += ">="
      case "≤": out += "<="
      default: out += "?"
      }
    }
    return out
  }
}
