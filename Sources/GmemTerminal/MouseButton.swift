/// A mouse button.
public enum MouseButton: Hashable, Sendable {
  /// The primary button (button 1).
  case left
  /// The middle button or wheel click (button 2).
  case middle
  /// The secondary button (button 3).
  case right
}
