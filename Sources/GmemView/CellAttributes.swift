/// How a terminal draws a style: colours and video attributes.
///
/// On a terminal with fewer colours than an index needs, the terminal layer draws the nearest colour it has; on a
/// monochrome terminal it ignores colours, and only the video attributes remain.
public struct CellAttributes: Equatable, Hashable, Sendable {
  /// Foreground colour.
  public var foreground: TerminalColor
  /// Background colour.
  public var background: TerminalColor
  /// Bold (bright on some terminals).
  public var bold: Bool
  /// Reverse video: foreground and background swapped.
  public var reverse: Bool
  /// Underlined.
  public var underline: Bool
  /// Dim (half bright), where the terminal supports it.
  public var dim: Bool

  /// Attributes with the given colours and flags; every part defaults to the terminal's plain text.
  public init(
    foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
    bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }

  /// The terminal's default look.
  public static let plain = CellAttributes()

  /// True when it uses no colour, only attributes (what a monochrome terminal can show).
  public var isMonochrome: Bool { foreground == .terminalDefault && background == .terminalDefault }
}
