/// Reading a script file, with a one-line reason when it cannot be read.
public enum ScriptSource {
  /// The file's bytes, or why they cannot be read (`cannot read FILE: No such file or directory`). `-` is standard
  /// input. A regular file is read, and so is a pipe or FIFO that has a writer (`<(…)`, `/dev/stdin` in a pipeline);
  /// a FIFO with no writer, a device or a directory is refused at once (the open is O_NONBLOCK, so that it cannot
  /// block, and a FIFO's first read tells a writer that has not written yet (EAGAIN) from none at all (EOF)).
  ///
  /// The whole script is held in memory, so one larger than 64 MiB is refused (`larger than 64 MiB`): the commands
  /// that keep every line (the TUI's `--script`, `play`, `diff`, `compare`) need that bound; `run` streams instead
  /// (`ScriptStream`).
  public static func read(path: String) -> Result<[UInt8], ReadError> {
    switch ScriptStream.open(path: path) {
    case .failure(let e): return .failure(e)
    case .success(let stream):
      do throws(ReadError) {
        guard try stream.readAhead(upTo: largest) else {
          return .failure(ReadError(path: path, reason: "larger than 64 MiB"))
        }
        return .success(stream.remainingBytes())
      } catch {
        return .failure(error)
      }
    }
  }

  /// The largest script read whole.
  public static let largest = 64 << 20
}

/// A script file that cannot be read.
public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The path as given.
  public var path: String
  /// strerror's words.
  public var reason: String

  public var description: String { "cannot read \(path): \(reason)" }
}
