/// A mouse event at a cell of the screen.
public struct MouseEvent: Hashable, Sendable {
  /// What the mouse did.
  public var action: MouseAction
  /// The column, from 0 at the left.
  public var x: Int
  /// The row, from 0 at the top.
  public var y: Int

  /// Creates a mouse event.
  public init(action: MouseAction, x: Int, y: Int) {
    self.action = action
    self.x = x
    self.y = y
  }
}
