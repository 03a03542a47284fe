/// How one terminal cell is drawn: colours and video attributes.
///
/// Colours are indices into the terminal's palette: 0...7 the ANSI colours, 8...15 their bright forms,
/// 16...231 the 6×6×6 cube and 232...255 the grey ramp. `nil` is the terminal's own default colour, which keeps
/// the user's background (light or dark, transparent or not). On terminals with fewer colours, an index the
/// terminal lacks is drawn as the nearest colour it has; on monochrome terminals colours are ignored and only
/// the video attributes remain.
public struct CellAttributes: Hashable, Sendable {
  /// The foreground colour index, or `nil` for the terminal's default foreground.
  public var foreground: UInt8?
  /// The background colour index, or `nil` for the terminal's default background.
  public var background: UInt8?
  /// Bold (often also bright) text.
  public var bold: Bool
  /// Dim (half-bright) text, where the terminal supports it.
  public var dim: Bool
  /// Reverse video: foreground and background swapped.
  public var reverse: Bool
  /// Underlined text.
  public var underline: Bool

  /// Creates attributes; every part defaults to the terminal's plain text.
  public init(
    foreground: UInt8? = nil, background: UInt8? = nil, bold: Bool = false, dim: Bool = false,
    reverse: Bool = false, underline: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
    self.underline = underline
  }

  /// Plain text in the terminal's default colours.
  public static let plain = CellAttributes()
}
