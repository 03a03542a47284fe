import GmemModel
import GmemScript

/// A script's lines for `gmemviz run`: parsed already, or parsed from its stream as they are asked for.
struct ScriptLines {
  private var parsed: [ScriptLine] = []
  private var index = 0
  private var stream: ScriptStream?
  /// The last operation streamed, which the next `expect` checks.
  private var previous: Command?

  init(parsed: [ScriptLine]) { self.parsed = parsed }

  init(stream: ScriptStream) { self.stream = stream }

  /// The next statement; nil at the end. Throws the `ReadError` or `ScriptError` that ends the script.
  mutating func next() throws -> ScriptLine? {
    guard let stream else {
      defer { index += 1 }
      return index < parsed.count ? parsed[index] : nil
    }
    while let (number, bytes) = try stream.nextLine() {
      if let line = try Parser.line(bytes, number: number, file: stream.path, after: &previous) { return line }
    }
    return nil
  }
}
