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

extension TerminalError: CustomStringConvertible {
  /// One line: what failed and what to do.
  public var description: String {
    switch self {
    case .notATerminal:
      "standard input or output is not a terminal: run the map in one (or a script with `gmemviz run FILE`)"
    case .alreadyActive: "a terminal session is already active in this process"
    case .unsupportedTerminal(let term):
      "curses cannot drive TERM=\(term) (no cursor addressing?): try TERM=xterm-256color"
    case .system(let code): "a terminal system call failed (errno \(code))"
    }
  }
}
