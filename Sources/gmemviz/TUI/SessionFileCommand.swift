import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// A line of the `:` prompt that reads or writes a file, which the command language itself never does (a script
/// touches nothing outside the VM): `save FILE` and `save! FILE` write the session as a script, `source FILE`
/// runs a script's lines into the session. FILE is the rest of the line (double quotes around it are dropped).
enum SessionFileCommand: Equatable {
  /// `save FILE`, or `save! FILE` (`overwrite`) to replace a file that exists without asking.
  case save(path: String, overwrite: Bool)
  /// `source FILE`.
  case source(path: String)

  /// A `save` or `source` without FILE: the error at the column after the word.
  struct MissingFile: Error, Equatable {
    var error: PromptError
  }

  /// The command `text` is, nil when it is a line of the language.
  static func parse(_ text: String) throws(MissingFile) -> SessionFileCommand? {
    let leading = text.prefix { $0 == " " || $0 == "\t" }
    let rest = text.dropFirst(leading.count)
    let word = rest.prefix { $0 != " " && $0 != "\t" }
    guard ["save", "save!", "source"].contains(word) else { return nil }
    var path = String(rest.dropFirst(word.count)).trimmingBlanks
    if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
    guard !path.isEmpty else {
      throw MissingFile(
        error: PromptError(column: leading.count + word.count + 1, message: "missing FILE after '\(word)'"))
    }
    if path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }) {
      path = home + path.dropFirst()
    }
    return word == "source" ? .source(path: path) : .save(path: path, overwrite: word == "save!")
  }
}
