/// One terminal cell: a glyph and what it means.
public struct Cell: Equatable, Sendable {
  /// The grapheme cluster drawn: one column wide, or the first of the two columns of a wide one (CJK, emoji),
  /// whose second cell is a blank of the same style (see `Screen.put`).
  public var glyph: Character
  /// Its meaning, which the theme colours.
  public var style: Style

  /// A cell drawing `glyph` in `style`.
  @inlinable public init(_ glyph: Character, _ style: Style) {
    self.glyph = glyph
    self.style = style
  }

  /// A blank cell of ordinary text.
  public static let blank = Cell(" ", .text)
}
