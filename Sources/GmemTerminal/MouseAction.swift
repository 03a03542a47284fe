/// What the mouse did.
public enum MouseAction: Hashable, Sendable {
  /// A button went down. With no click interval, a click is a press followed by a release.
  case press(MouseButton)
  /// A button came up.
  case release(MouseButton)
  /// The wheel turned away from the user (button 4).
  case scrollUp
  /// The wheel turned towards the user (button 5).
  case scrollDown
}
