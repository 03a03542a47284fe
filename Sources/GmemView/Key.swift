/// A key the user pressed, as the terminal decodes it, the key table binds it and the help names it.
///
/// Ctrl-C, Ctrl-Z and Ctrl-\ never arrive as keys: the terminal turns them into SIGINT, SIGTSTP and SIGQUIT.
/// Ctrl-I, Ctrl-M and Ctrl-H arrive as ``tab``, ``enter`` and ``backspace`` because terminals send the same bytes
/// for them.
public enum Key: Hashable, Sendable {
  /// A printable character (`s`, `G`, `:`, `?`), including space and any non-ASCII character the locale decodes.
  case character(Character)
  /// Control plus a letter, given in lower case (`.control("r")` is Ctrl-R), or control plus one of
  /// `@ [ \ ] ^ _`.
  case control(Character)
  /// The up arrow.
  case up
  /// The down arrow.
  case down
  /// The left arrow.
  case left
  /// The right arrow.
  case right
  /// Page Up.
  case pageUp
  /// Page Down.
  case pageDown
  /// Home.
  case home
  /// End.
  case end
  /// Enter or Return (also the keypad's Enter and Ctrl-J).
  case enter
  /// Backspace (also Ctrl-H).
  case backspace
  /// Delete (forward delete).
  case delete
  /// Insert.
  case insert
  /// Escape, alone (a key sequence that starts with Escape is decoded as its key).
  case escape
  /// Tab (also Ctrl-I).
  case tab
  /// Shift-Tab.
  case backTab
  /// A function key, F1 is `function(1)`. Terminals report shifted F-keys as F13 and up.
  case function(Int)
  /// A key the terminal knows but this type does not name, with the terminal's name for it, e.g. `"kUP5"` for
  /// Ctrl-Up on xterm-like terminals.
  case other(String)

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
    case .delete: "Del"
    case .insert: "Ins"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "Shift-Tab"
    case .function(let n): "F\(n)"
    case .other(let name): name
    }
  }
}
