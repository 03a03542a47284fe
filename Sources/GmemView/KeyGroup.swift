/// The sections of the help overlay.
public enum KeyGroup: String, CaseIterable, Sendable {
  /// Cursor movement.
  case move = "Move"
  /// Zoom levels.
  case zoom = "Zoom"
  /// Range selection and cancelling.
  case select = "Select"
  /// Operations on the cursor's cell or the selection.
  case operate = "Operate on the cursor's cell or the selection"
  /// The `:` command line.
  case command = "Command line"
  /// Undo, redo and the timeline.
  case history = "History"
  /// Help, theme, redraw, quit.
  case view = "View"

  /// The group's name in a narrow help overlay.
  public var name: String {
    switch self {
    case .move: "Move"
    case .zoom: "Zoom"
    case .select: "Select"
    case .operate: "Operate"
    case .command: "Command"
    case .history: "History"
    case .view: "View"
    }
  }
}
