import GmemTerminal
import GmemView

/// A rendered `Screen` in a `Theme`, as the terminal layer presents it.
struct ThemedScreen: TerminalFrame {
  let screen: Screen
  let theme: Theme

  var width: Int { screen.width }
  var height: Int { screen.height }

  func cell(x: Int, y: Int) -> TerminalCell {
    let cell = screen[x, y]
    let a = theme.attributes(for: cell.style)
    return TerminalCell(
      glyph: cell.glyph,
      attributes: GmemTerminal.CellAttributes(
        foreground: Self.index(a.foreground), background: Self.index(a.background), bold: a.bold, dim: a.dim,
        reverse: a.reverse, underline: a.underline))
  }

  private static func index(_ color: TerminalColor) -> UInt8? {
    if case .index(let n) = color { return n }
    return nil
  }
}
