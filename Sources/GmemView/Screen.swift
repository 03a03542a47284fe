/// A frame: a `width` × `height` grid of cells, each a glyph and a semantic style. The terminal layer draws it;
/// tests compare its text (`lines`) and its style layer (`styleLines`).
public struct Screen: Equatable, Sendable {
  /// Columns.
  public let width: Int
  /// Rows.
  public let height: Int
  /// The cells, row by row.
  public private(set) var cells: [Cell]

  /// A screen of `size` filled with `fill`.
  public init(size: ScreenSize, fill: Cell = .blank) {
    width = max(0, size.width)
    height = max(0, size.height)
    cells = Array(repeating: fill, count: width * height)
  }

  /// The screen's size.
  public var size: ScreenSize { ScreenSize(width: width, height: height) }

  /// The cell at column `x`, row `y`; reading outside the screen gives a blank, writing there does nothing.
  public subscript(x: Int, y: Int) -> Cell {
    get {
      guard x >= 0, x < width, y >= 0, y < height else { return .blank }
      return cells[y * width + x]
    }
    set {
      guard x >= 0, x < width, y >= 0, y < height else { return }
      cells[y * width + x] = newValue
    }
  }

  /// Writes `text` from (`x`, `y`), one grapheme cluster per cell, stopping at the screen's edge or after
  /// `limit` columns; returns the column after the last one written. A wide cluster (`TextColumns.width(of:)`
  /// 2) takes its cell and a blank one after it, and is left out when only one column is left; a zero-width
  /// cluster takes none and is not drawn; a control character is drawn as `?`.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: Style, limit: Int = .max) -> Int {
    guard y >= 0, y < height else { return x }
    let end = limit >= width ? width : min(width, x + limit)
    var col = x
    let row = y * width
    if TextColumns.isPrintableASCII(text) {
      for byte in text.utf8 {
        if col >= end { break }
        if col >= 0 { cells[row + col] = Cell(Character(Unicode.Scalar(byte)), style) }
        col += 1
      }
      return col
    }
    for character in text {
      let w = TextColumns.width(of: character)
      if w == 0 { continue }
      if col + w > end { break }
      if col >= 0 { cells[row + col] = Cell(TextColumns.displayed(character), style) }
      if w == 2, col + 1 >= 0 { cells[row + col + 1] = Cell(" ", style) }
      col += w
    }
    return col
  }

  /// Fills `rect` (clipped to the screen) with `cell`.
  public mutating func fill(_ rect: Rect, with cell: Cell) {
    let x0 = max(rect.x, 0)
    let x1 = min(rect.maxX, width)
    let y0 = max(rect.y, 0)
    let y1 = min(rect.maxY, height)
    guard x0 < x1, y0 < y1 else { return }
    for y in y0..<y1 {
      let row = y * width
      for x in x0..<x1 { cells[row + x] = cell }
    }
  }

  /// Changes the style of the cell at (`x`, `y`), keeping its glyph.
  public mutating func restyle(x: Int, y: Int, _ style: Style) {
    guard x >= 0, x < width, y >= 0, y < height else { return }
    cells[y * width + x].style = style
  }

  /// The text of each row, full width.
  public var lines: [String] {
    (0..<height).map { y in
      var s = ""
      s.reserveCapacity(width)
      for x in 0..<width { s.append(cells[y * width + x].glyph) }
      return s
    }
  }

  /// Each row as one character per cell naming its style (`Style.code`).
  public var styleLines: [String] {
    (0..<height).map { y in
      String((0..<width).map { cells[y * width + $0].style.code })
    }
  }
}
