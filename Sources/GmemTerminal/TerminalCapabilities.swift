/// What the terminal can show, detected at start, for the program to choose a theme and a glyph set.
public struct TerminalCapabilities: Hashable, Sendable {
  /// No colour: the terminal has none, `TERM` is `dumb`, or `NO_COLOR` is set and not empty. Colours in
  /// `CellAttributes` are then ignored; choose a theme that uses bold, dim, reverse and underline only.
  public var isMonochrome: Bool
  /// Use ASCII glyphs only: the locale's codeset is not UTF-8 (for instance `LANG=C`), or `TERM` is `dumb`.
  public var prefersASCII: Bool
  /// How many colours the terminal can show (0 when monochrome). Indices at or above it are drawn as the
  /// nearest colour it has.
  public var colorCount: Int
  /// Whether the terminal reports mouse events.
  public var hasMouse: Bool
  /// Whether the terminal can move the cursor (terminfo `cup`). A terminal that cannot (`TERM=dumb`) gets
  /// each changed frame as plain lines of text that scroll the previous one away, without colours or
  /// attributes.
  public var canPositionCursor: Bool
  /// The terminal type, `$TERM`.
  public var terminalType: String

  /// Creates a description of a terminal.
  public init(
    isMonochrome: Bool, prefersASCII: Bool, colorCount: Int, hasMouse: Bool, canPositionCursor: Bool,
    terminalType: String
  ) {
    self.isMonochrome = isMonochrome
    self.prefersASCII = prefersASCII
    self.colorCount = colorCount
    self.hasMouse = hasMouse
    self.canPositionCursor = canPositionCursor
    self.terminalType = terminalType
  }
}
