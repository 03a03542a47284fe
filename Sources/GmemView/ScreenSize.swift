/// A terminal's size in cells.
public struct ScreenSize: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Columns.
  public var width: Int
  /// Rows.
  public var height: Int

  /// A size of `width` columns by `height` rows.
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// The smallest terminal the full screen supports (PRODUCT.md); below it a notice is shown.
  public static let minimum = ScreenSize(width: 40, height: 12)

  /// `80×24`.
  public var description: String { "\(width)×\(height)" }
}
