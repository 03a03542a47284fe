/// Turns rendered screens into the bytes a terminal needs to show them (ANSI/ECMA-48: cursor positioning and SGR
/// with 256-colour indices), for recordings that play back in any terminal (asciicast). The first frame clears
/// the screen; each later one writes only the cells that changed, as curses would.
public struct AnsiFrameEncoder {
  /// The theme the cells are drawn in.
  public let theme: Theme
  private var previous: Screen?

  /// An encoder for `theme`.
  public init(theme: Theme) {
    self.theme = theme
  }

  /// The output that turns the previous frame into `screen`; empty when nothing changed.
  public mutating func encode(_ screen: Screen) -> String {
    var out = ""
    let full = previous?.size != screen.size
    if full { out += "\u{1B}[?25l\u{1B}[0m\u{1B}[2J" }
    var current: CellAttributes?
    for y in 0..<screen.height {
      var cursorX: Int?
      var x = 0
      while x < screen.width {
        let cell = screen[x, y]
        // Only a glyph of more than one byte can be wide; the rest (most of a frame) take one column.
        let mayBeWide = cell.glyph.utf8.count > 1
        let next = mayBeWide && x + 1 < screen.width ? screen[x + 1, y] : nil
        let span = mayBeWide ? Self.columns(cell, followedBy: next) : 1
        defer { x += span }
        if !full, let previous, previous[x, y] == cell {
          guard mayBeWide else { continue }
          let previousNext = x + 1 < screen.width ? previous[x + 1, y] : nil
          if Self.columns(cell, followedBy: previousNext) == span && (span == 1 || previousNext == next) { continue }
        }
        if cursorX != x { out += "\u{1B}[\(y + 1);\(x + 1)H" }
        let attributes = theme.attributes(for: cell.style)
        if attributes != current {
          out += Self.sgr(attributes)
          current = attributes
        }
        out.append(span == 2 || TextColumns.width(of: cell.glyph) == 1 ? TextColumns.displayed(cell.glyph) : "?")
        cursorX = x + span
      }
    }
    previous = screen
    return out
  }

  /// The columns `cell` is written across when `next` follows it (nil at the end of a row): 2 for a wide
  /// character followed by the blank that `Screen.put` leaves for it (the two go together), 1 for anything
  /// else; a character whose width is not its columns (wide with no blank after it, zero-width) is written as
  /// `?`, so that every cell stays in its column.
  static func columns(_ cell: Cell, followedBy next: Cell?) -> Int {
    guard next == Cell(" ", cell.style) else { return 1 }
    return TextColumns.width(of: cell.glyph) == 2 ? 2 : 1
  }

  /// The SGR sequence that sets exactly `a`, from a reset.
  static func sgr(_ a: CellAttributes) -> String {
    var codes = ["0"]
    if a.bold { codes.append("1") }
    if a.dim { codes.append("2") }
    if a.underline { codes.append("4") }
    if a.reverse { codes.append("7") }
    if case .index(let n) = a.foreground { codes.append("38;5;\(n)") }
    if case .index(let n) = a.background { codes.append("48;5;\(n)") }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }
}
