/// A colour scheme: each `Style` as terminal attributes. `dark` and `light` use the 16 ANSI colours on the
/// terminal's own background; `mono` uses only bold, reverse, underline and dim (for no colour and
/// `TERM=dumb`); `presentation` paints map cells as coloured tiles from the 256-colour palette for a projector.
public enum Theme: String, CaseIterable, Sendable {
  /// Colours on a dark background.
  case dark
  /// Colours on a light background.
  case light
  /// Attributes only.
  case mono
  /// High contrast tiles for slides and talks.
  case presentation

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

  private static func presentation(_ style: Style) -> CellAttributes {
    func tile(_ bg: UInt8, _ fg: TerminalColor = .brightWhite) -> CellAttributes {
      A(foreground: fg, background: .index(bg), bold: true)
    }
    return switch style {
    case .text, .legend, .prompt: A(bold: true)
    case .dim, .label, .border, .hint: A(foreground: .index(245))
    case .header: tile(24)
    case .title: A(foreground: .index(45), bold: true)
    case .key: A(foreground: .index(220), bold: true)
    case .caption: tile(220, .black)
    case .ok: A(foreground: .index(46), bold: true)
    case .error: A(foreground: .index(196), bold: true)
    case .warning: A(foreground: .index(214), bold: true)
    case .hole: A(foreground: .index(240))
    case .private: tile(25)
    case .shared: tile(28)
    case .sharedMapped: tile(30)
    case .faultablePrivate: tile(127)
    case .sharedUnfaultable: tile(136)
    case .pinned: tile(160)
    case .spte: tile(19, .index(226))
    case .orphan: tile(90)
    case .violation: tile(196)
    case .mixed: tile(208, .black)
    case .cursor: A(bold: true, reverse: true)
    case .selection: tile(51, .black)
    case .flash: tile(226, .black)
    }
  }
}
