/// A colour scheme: each `Style` as terminal attributes. `dark` and `light` use the 16 ANSI colours on the
/// terminal's own background; `mono` uses only bold, reverse, underline and dim (for no colour and
/// `TERM=dumb`); `presentation` is for a projector: map cells are two-column tiles of 256-colour backgrounds (the
/// layout reads `tileWidth`), with a large legend and a three-row caption.
public enum Theme: String, CaseIterable, Sendable {
  /// Colours on a dark background.
  case dark
  /// Colours on a light background.
  case light
  /// Attributes only.
  case mono
  /// High contrast tiles for slides and talks.
  case presentation

  /// Columns a map cell takes, painted as one tile: 2 in `presentation` (a page is a block of colour that reads
  /// from the back of a room), 1 elsewhere (a glyph).
  public var tileWidth: Int { self == .presentation ? 2 : 1 }

  /// The theme after this one, for the key that cycles themes.
  public var next: Theme {
    let all = Theme.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }

  /// How the terminal draws `style` in this theme.
  public func attributes(for style: Style) -> CellAttributes {
    switch self {
    case .dark: Self.dark(style)
    case .light: Self.light(style)
    case .mono: Self.mono(style)
    case .presentation: Self.presentation(style)
    }
  }

  private typealias A = CellAttributes

  private static func dark(_ style: Style) -> CellAttributes {
    switch style {
    case .text, .legend, .prompt: A()
    case .dim, .label, .border, .hint: A(foreground: .brightBlack)
    case .header: A(foreground: .brightWhite, background: .blue, bold: true)
    case .title: A(foreground: .brightCyan, bold: true)
    case .key: A(foreground: .brightYellow, bold: true)
    case .caption: A(foreground: .black, background: .brightYellow, bold: true)
    case .captionCommand: A(foreground: .brightBlack, background: .brightYellow)
    case .ok: A(foreground: .brightGreen)
    case .error: A(foreground: .brightRed, bold: true)
    case .warning: A(foreground: .yellow, bold: true)
    case .hole: A(foreground: .brightBlack)
    case .private: A(foreground: .brightBlue)
    case .shared: A(foreground: .brightGreen)
    case .sharedMapped: A(foreground: .brightCyan, bold: true)
    case .faultablePrivate: A(foreground: .brightMagenta, bold: true)
    case .sharedUnfaultable: A(foreground: .yellow, bold: true)
    case .pinned: A(foreground: .brightRed, bold: true)
    case .spte: A(foreground: .brightWhite, background: .blue, bold: true)
    case .orphan: A(foreground: .black, background: .magenta)
    case .violation: A(foreground: .brightWhite, background: .red, bold: true)
    case .mixed: A(foreground: .brightWhite, bold: true)
    case .cursor: A(bold: true, reverse: true)
    case .selection: A(foreground: .black, background: .cyan)
    case .flash: A(foreground: .black, background: .brightYellow, bold: true)
    }
  }

  private static func light(_ style: Style) -> CellAttributes {
    switch style {
    case .text, .legend, .prompt: A()
    case .dim, .label, .border, .hint: A(foreground: .brightBlack)
    case .header: A(foreground: .brightWhite, background: .blue, bold: true)
    case .title: A(foreground: .blue, bold: true)
    case .key: A(foreground: .magenta, bold: true)
    case .caption: A(foreground: .brightWhite, background: .blue, bold: true)
    case .captionCommand: A(foreground: .white, background: .blue)
    case .ok: A(foreground: .green)
    case .error: A(foreground: .red, bold: true)
    case .warning: A(foreground: .red)
    case .hole: A(foreground: .white)
    case .private: A(foreground: .blue)
    case .shared: A(foreground: .green)
    case .sharedMapped: A(foreground: .cyan, bold: true)
    case .faultablePrivate: A(foreground: .magenta, bold: true)
    case .sharedUnfaultable: A(foreground: .yellow, bold: true)
    case .pinned: A(foreground: .red, bold: true)
    case .spte: A(foreground: .brightWhite, background: .blue, bold: true)
    case .orphan: A(foreground: .brightWhite, background: .magenta)
    case .violation: A(foreground: .brightWhite, background: .red, bold: true)
    case .mixed: A(foreground: .black, bold: true)
    case .cursor: A(bold: true, reverse: true)
    case .selection: A(foreground: .black, background: .brightCyan)
    case .flash: A(foreground: .black, background: .brightYellow, bold: true)
    }
  }

  private static func mono(_ style: Style) -> CellAttributes {
    switch style {
    case .text, .legend, .prompt, .private, .ok: A()
    case .dim, .label, .border, .hint, .hole: A(dim: true)
    case .header, .caption: A(bold: true, reverse: true)
    case .captionCommand: A(reverse: true)
    case .title, .key, .shared, .mixed, .warning: A(bold: true)
    case .error: A(bold: true, underline: true)
    case .sharedMapped: A(bold: true, underline: true)
    case .faultablePrivate, .sharedUnfaultable, .selection: A(underline: true)
    case .pinned: A(bold: true, reverse: true)
    case .spte, .flash: A(reverse: true)
    case .orphan: A(reverse: true, underline: true)
    case .violation: A(bold: true, reverse: true, underline: true)
    case .cursor: A(bold: true, reverse: true)
    }
  }

  /// For a projector, which washes colours out: map states are tiles of saturated cube colours (16–255, which
  /// terminal colour schemes do not remap), far apart in hue and lightness, each with its letter in black or white,
  /// whichever contrasts more. Private against shared is blue against orange, which colour-blind eyes keep apart;
  /// where two states differ mainly by red against green (pinned, shared unfaultable) their letters differ too.
  private static func presentation(_ style: Style) -> CellAttributes {
    let black = TerminalColor.index(16)
    let white = TerminalColor.index(231)
    func tile(_ background: UInt8, _ letter: TerminalColor) -> CellAttributes {
      A(foreground: letter, background: .index(background), bold: true)
    }
    return switch style {
    case .text, .legend, .prompt: A(bold: true)
    case .dim, .label, .border, .hint: A(foreground: .index(245))
    case .header: tile(24, white)
    case .title: A(foreground: .index(45), bold: true)
    case .key: A(foreground: .index(220), bold: true)
    case .caption: tile(220, black)
    case .captionCommand: A(foreground: .index(238), background: .index(220))
    case .ok: A(foreground: .index(46), bold: true)
    case .error: A(foreground: .index(196), bold: true)
    case .warning: A(foreground: .index(214), bold: true)
    case .hole: tile(238, .index(250))
    case .private: tile(25, white)
    case .spte: tile(39, black)
    case .shared: tile(208, black)
    case .sharedMapped: tile(226, black)
    case .sharedUnfaultable: tile(40, black)
    case .faultablePrivate: tile(201, black)
    case .pinned: tile(160, white)
    case .orphan: tile(94, white)
    case .violation: tile(16, .index(196))
    case .mixed: tile(250, black)
    case .cursor: tile(231, black)
    case .selection: tile(51, black)
    case .flash: tile(218, black)
    }
  }
}
