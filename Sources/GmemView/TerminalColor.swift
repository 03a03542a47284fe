/// A terminal colour: the terminal's own default (which keeps the user's background, light or dark, transparent
/// or not), or an index into the xterm 256-colour palette (`XtermPalette`): 0–7 the ANSI colours, 8–15 their
/// bright forms, 16–231 the 6×6×6 cube and 232–255 the grey ramp.
public enum TerminalColor: Equatable, Hashable, Sendable {
  /// The terminal's default foreground or background.
  case terminalDefault
  /// A palette index, 0...255.
  case index(UInt8)

  /// ANSI black.
  public static let black = TerminalColor.index(0)
  /// ANSI red.
  public static let red = TerminalColor.index(1)
  /// ANSI green.
  public static let green = TerminalColor.index(2)
  /// ANSI yellow.
  public static let yellow = TerminalColor.index(3)
  /// ANSI blue.
  public static let blue = TerminalColor.index(4)
  /// ANSI magenta.
  public static let magenta = TerminalColor.index(5)
  /// ANSI cyan.
  public static let cyan = TerminalColor.index(6)
  /// ANSI white (light grey).
  public static let white = TerminalColor.index(7)
  /// Bright black (dark grey).
  public static let brightBlack = TerminalColor.index(8)
  /// Bright red.
  public static let brightRed = TerminalColor.index(9)
  /// Bright green.
  public static let brightGreen = TerminalColor.index(10)
  /// Bright yellow.
  public static let brightYellow = TerminalColor.index(11)
  /// Bright blue.
  public static let brightBlue = TerminalColor.index(12)
  /// Bright magenta.
  public static let brightMagenta = TerminalColor.index(13)
  /// Bright cyan.
  public static let brightCyan = TerminalColor.index(14)
  /// Bright white.
  public static let brightWhite = TerminalColor.index(15)
}
