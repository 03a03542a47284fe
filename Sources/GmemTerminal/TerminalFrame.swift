/// A whole screen to present: a grid of cells, `width` columns by `height` rows, addressed from the top left.
///
/// ``Terminal/present(_:cursor:)`` reads every cell once per call, so `cell(x:y:)` should be cheap. A renderer's
/// screen type adapts to this protocol by mapping each of its semantic styles to ``CellAttributes`` through
/// its theme, for example:
///
/// ```swift
/// struct ThemedScreen: TerminalFrame {
///   let screen: Screen
///   let theme: Theme
///   var width: Int { screen.width }
///   var height: Int { screen.height }
///   func cell(x: Int, y: Int) -> TerminalCell {
///     let cell = screen[x, y]
///     return TerminalCell(glyph: cell.glyph, attributes: theme.attributes(for: cell.style))
///   }
/// }
/// ```
public protocol TerminalFrame {
  /// The number of columns.
  var width: Int { get }
  /// The number of rows.
  var height: Int { get }
  /// The cell at column `x` (0..<width) and row `y` (0..<height).
  func cell(x: Int, y: Int) -> TerminalCell
}
