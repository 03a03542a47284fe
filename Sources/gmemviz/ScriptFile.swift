import ArgumentParser
import GmemScript

/// Reading a script file for a subcommand.
enum ScriptFile {
  /// The parsed lines of `path`; when it cannot be read or parsed, the one-line error (`file:line:column: message`)
  /// goes to standard error and the command exits 2.
  static func load(_ path: String) throws -> [ScriptLine] {
    switch ScriptSource.read(path: path) {
    case .success(let bytes):
      do { return try Parser.parse(bytes, file: path) } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    case .failure(let e):
      printError("gmemviz: \(e)")
      throw ExitCode(2)
    }
  }
}
