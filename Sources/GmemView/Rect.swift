/// A rectangle of cells on the screen.
public struct Rect: Equatable, Hashable, Sendable {
  /// Leftmost column.
  public var x: Int
  /// Top row.
  public var y: Int
  /// Columns.
  public var width: Int
  /// Rows.
  public var height: Int

  /// A rectangle at (`x`, `y`) of `width` × `height` cells.
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// The empty rectangle.
  public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

  /// One past the rightmost column.
  public var maxX: Int { x + width }
  /// One past the bottom row.
  public var maxY: Int { y + height }
  /// True when it holds no cell.
  public var isEmpty: Bool { width == 0 || height == 0 }

  /// True when the cell (`px`, `py`) is inside.
  public func contains(x px: Int, y py: Int) -> Bool {
    px >= x && px < maxX && py >= y && py < maxY
  }

  /// The top `rows` rows, and what is left below them.
  public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
    let n = min(max(rows, 0), height)
    return (
      Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n)
    )
  }

  /// The bottom `rows` rows, and what is left above them.
  public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
    let n = min(max(rows, 0), height)
    return (
      Rect(x: x, y: y, width: width, height: height - n),
      Rect(x: x, y: maxY - n, width: width, height: n)
    )
  }
}
