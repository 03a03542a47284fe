/// Why the terminal could not be started.
public enum TerminalError: Error, Hashable, Sendable {
  /// Standard input or standard output is not a terminal.
  case notATerminal
  /// Another ``Terminal`` is active in this process.
  case alreadyActive
  /// curses could not start on this terminal type (`$TERM`, given here), for instance one without cursor
  /// addressing.
  case unsupportedTerminal(String)
  /// A system call failed with this errno.
  case system(Int32)
}
