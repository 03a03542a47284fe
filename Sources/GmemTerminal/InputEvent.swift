import GmemView

/// Something from the user or the terminal that the program should act on.
public enum InputEvent: Hashable, Sendable {
  /// A key press.
  case key(Key)
  /// A mouse button or wheel event at a cell.
  case mouse(MouseEvent)
  /// The terminal now has this size. The program should render and present a frame of this size.
  case resize(width: Int, height: Int)
  /// SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived (the signal number is given). Reported only when the terminal
  /// was created with `reportsTerminationSignals: true`; the program should then finish promptly, call
  /// ``Terminal/restore()`` and exit (128 + signal is the conventional status). A second such signal before
  /// the program asks for the next event restores the terminal and kills the program.
  case terminationRequested(signal: Int32)
}
