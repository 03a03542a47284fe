import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

/// How the program ends on an error that reaches the top: a bad option or argument is one line on standard error,
/// `gmemviz: error: --speed 0: must be a number in (0, 64], …`, and exit status 2; `--help` prints the help and
/// exits 0; an `ExitCode` a command threw (its message already printed) is its status.
enum CommandLineError {
  /// Reports `error` and exits.
  static func exit(with error: any Error) -> Never {
    let code = GmemvizCommand.exitCode(for: error)
    if code == .success || error is ExitCode { GmemvizCommand.exit(withError: error) }
    printError("gmemviz: error: " + line(GmemvizCommand.message(for: error)))
    Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
  }

  /// The parser's message as one line that starts with the option and the value:
  /// `The value '0' is invalid for '--speed <speed>': REASON` becomes `--speed 0: REASON`, and
  /// `… Please provide one of 'a', 'b' or 'c'.` becomes `expected a, b or c`.
  static func line(_ message: String) -> String {
    let invalid = #/The value '(?<value>(?s).*?)' is invalid for '(?<name>[^' ]+)(?: <[^>]*>)?'(?<rest>(?s).*)/#
    guard let match = message.wholeMatch(of: invalid) else { return String(message.split(separator: "\n").first ?? "") }
    // The value may hold a line break: shown escaped, so that the error stays one line.
    let value = match.output.value.replacing("\n", with: "\\n")
    let name = match.output.name
    let option = name.hasPrefix("<") ? name.dropFirst().dropLast().uppercased() : String(name)
    let rest = match.output.rest.split(separator: "\n")
    let reason = rest.first ?? ""
    if reason.hasPrefix(": ") { return "\(option) \(value): \(reason.dropFirst(2))" }
    if let choices = reason.firstMatch(of: #/Please provide one of (.*)\.$/#) {
      let names = choices.output.1.replacing("'", with: "").replacing(" and ", with: " or ")
      return "\(option) \(value): expected \(names)"
    }
    // Six values or more come as a list, one `  - NAME` per line.
    let listed = rest.dropFirst().filter { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
    if let last = listed.last {
      return "\(option) \(value): expected \(listed.dropLast().joined(separator: ", ")) or \(last)"
    }
    return "\(option) \(value): not a valid value (see --help)"
  }
}
