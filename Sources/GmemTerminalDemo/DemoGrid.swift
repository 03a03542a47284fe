import GmemTerminal

/// A plain grid of cells for the demo to draw into.
struct DemoGrid: TerminalFrame {
  let width: Int
  let height: Int
  private var cells: [TerminalCell]

  /// A blank grid.
  init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  func cell(x: Int, y: Int) -> TerminalCell { cells[y * width + x] }

  /// Writes `text` from column `x` of row `y`, clipped to the grid.
  mutating func put(_ text: String, x: Int, y: Int, attributes: CellAttributes = .plain) {
    guard (0..<height).contains(y) else { return }
    var column = x
    for glyph in text where column < width {
      if column >= 0 { cells[y * width + column] = TerminalCell(glyph: glyph, attributes: attributes) }
      column += 1
    }
  }
}
