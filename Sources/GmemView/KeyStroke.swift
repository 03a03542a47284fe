/// A key as the help and the key table name it; the terminal layer turns curses key codes into these.
public enum KeyStroke: Hashable, Sendable {
  /// A printable character (`s`, `G`, `:`, `?`).
  case character(Character)
  /// A control character, named by its lower-case letter (`.control("r")` is Ctrl-R).
  case control(Character)
  /// Arrow up.
  case up
  /// Arrow down.
  case down
  /// Arrow left.
  case left
  /// Arrow right.
  case right
  /// Page Up.
  case pageUp
  /// Page Down.
  case pageDown
  /// Home.
  case home
  /// End.
  case end
  /// Enter (Return).
  case enter
  /// Backspace.
  case backspace
  /// Escape.
  case escape
  /// Tab.
  case tab
  /// A function key, F1...F12.
  case function(Int)

  /// The key's name in help text: `s`, `Ctrl-R`, `↑`, `PgUp`, `Enter`, `F1`.
  public var label: String {
    switch self {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .control(let c): "Ctrl-" + c.uppercased()
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .enter: "Enter"
    case .backspace: "Backspace"
    case .escape: "Esc"
    case .tab: "Tab"
    case .function(let n): "F\(n)"
    }
  }
}
