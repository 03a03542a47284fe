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
        let span = Self.columns(screen, x, y)
        defer { x += span }
        if !full, let previous, previous[x, y] == cell, Self.columns(previous, x, y) == span,
          span == 1 || previous[x + 1, y] == screen[x + 1, y]
        {
          continue
        }
        if cursorX != x { out += "\u{1B}[\(y + 1);\(x + 1)H" }
        let attributes = theme.attributes(for: cell.style)
        if attributes != current {
          out += Self.sgr(attributes)
          current = attributes
        }
        out.append(TextColumns.width(of: cell.glyph) == span ? TextColumns.displayed(cell.glyph) : "?")
        cursorX = x + span
      }
    }
    previous = screen
    return out
  }

  /// The columns the cell at (`x`, `y`) is written across: 2 for a wide character followed by the blank that
  /// `Screen.put` leaves for it (the two go together), 1 for anything else; a character whose width is not its
  /// columns (wide with no blank after it, zero-width) is written as `?`, so that every cell stays in its column.
  static func columns(_ screen: Screen, _ x: Int, _ y: Int) -> Int {
    let cell = screen[x, y]
    guard TextColumns.width(of: cell.glyph) == 2, x + 1 < screen.width else { return 1 }
    return screen[x + 1, y] == Cell(" ", cell.style) ? 2 : 1
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
