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

  /// The lines of `path` for `gmemviz run`, one at a time: a script of at most `parsedFirst` bytes is parsed whole
  /// before its first line runs, so a parse error runs nothing; a longer one is parsed as it runs, so it starts at
  /// once and holds one line in memory, and a parse error at line N stops it after line N - 1. When it cannot be
  /// opened, the one-line error goes to standard error and the command exits 2.
  static func lines(_ path: String) throws -> ScriptLines {
    switch ScriptStream.open(path: path) {
    case .success(let stream):
      do {
        guard try stream.readAhead(upTo: parsedFirst) else { return ScriptLines(stream: stream) }
        return ScriptLines(parsed: try Parser.parse(stream.remainingBytes(), file: path))
      } catch let error as ReadError {
        printError("gmemviz: \(error)")
        throw ExitCode(2)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    case .failure(let e):
      printError("gmemviz: \(e)")
      throw ExitCode(2)
    }
  }

  /// The largest script `lines` parses whole before running it: 1 MiB, about 50 000 lines, parsed in some 50 ms.
  static let parsedFirst = 1 << 20
}
