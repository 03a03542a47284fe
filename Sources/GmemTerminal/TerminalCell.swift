/// One terminal cell: a glyph and how to draw it.
public struct TerminalCell: Hashable, Sendable {
  /// The glyph. It must take one column: a glyph the terminal draws wider or narrower than one column (or one
  /// the locale cannot encode) is drawn as `?`, and a control character as a space. The exception is a wide
  /// glyph (two columns) followed by a blank cell of the same attributes: it is drawn across both.
  public var glyph: Character
  /// Colours and video attributes.
  public var attributes: CellAttributes

  /// Creates a cell.
  public init(glyph: Character, attributes: CellAttributes = .plain) {
    self.glyph = glyph
    self.attributes = attributes
  }

  /// A blank cell in the terminal's default colours.
  public static let blank = TerminalCell(glyph: " ")
}
