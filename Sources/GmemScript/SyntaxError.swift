/// A parse error inside one line, before the file and the line number are known.
///
/// The lexer and the statement parser throw it; `Parser` turns it into a `ScriptError`.
struct SyntaxError: Error {
  /// 1-based column (in characters) where the problem starts.
  var column: Int
  /// What was wrong.
  var message: String

  /// The error at `line` of `file`.
  func located(file: String, line: Int) -> ScriptError {
    ScriptError(file: file, line: line, column: column, message: message)
  }
}
