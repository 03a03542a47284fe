/// A key the user pressed.
///
/// Ctrl-C, Ctrl-Z and Ctrl-\ never arrive as keys: the terminal turns them into SIGINT, SIGTSTP and SIGQUIT,
/// which ``Terminal`` handles (see ``Terminal/nextEvent(timeoutMilliseconds:)``). Ctrl-I, Ctrl-M and Ctrl-H
/// arrive as ``tab``, ``enter`` and ``backspace`` because terminals send the same bytes for them.
public enum Key: Hashable, Sendable {
  /// A printable character, including space and any non-ASCII character the locale decodes.
  case character(Character)
  /// Control plus a letter, given in lower case (`"a"`...`"z"`), or control plus one of `@ [ \ ] ^ _`.
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
  /// A key curses knows but this type does not name, with curses' name for it (`keyname`), e.g. `"kUP5"` for
  /// Ctrl-Up on xterm-like terminals.
  case other(String)
}
