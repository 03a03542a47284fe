import GmemScript
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// Writes an asciicast v2 recording (https://docs.asciinema.org/manual/asciicast/v2/): a header line
/// `{"version": 2, "width", "height", "timestamp", "title", "env"}`, then one JSON array per event:
/// `[time, "o", data]` for output, `[time, "m", label]` for a marker (one per `step`), `[time, "r", "COLSxROWS"]`
/// for a resize. Times are seconds since the start and never decrease.
final class AsciicastRecorder {
  private let file: OutputFile
  private var encoder: AnsiFrameEncoder
  private var size: ScreenSize
  private var lastTime: Double = 0
  /// The path written to.
  let path: String

  /// Starts a recording to `path` (written whole by `finish()`) with the header for a `size` screen titled
  /// `title`, in `theme`.
  init(path: String, size: ScreenSize, title: String, theme: Theme) throws(WriteError) {
    file = try OutputFile(path: path)
    self.path = path
    self.size = size
    encoder = AnsiFrameEncoder(theme: theme)
    let header =
      "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), "
      + "\"timestamp\": \(time(nil)), \"title\": \(RunOutput.quote(title)), "
      + "\"env\": {\"TERM\": \"xterm-256color\", \"SHELL\": \"/bin/sh\"}}"
    write(header)
  }

  /// Records `screen` as shown at `milliseconds` after the start; nothing when it did not change.
  func frame(_ screen: Screen, at milliseconds: UInt64) {
    if screen.size != size {
      size = screen.size
      event(milliseconds, "r", "\(size.width)x\(size.height)")
    }
    let output = encoder.encode(screen)
    if !output.isEmpty { event(milliseconds, "o", output) }
  }

  /// A marker labelled `label` at `milliseconds`.
  func marker(_ label: String, at milliseconds: UInt64) {
    event(milliseconds, "m", label)
  }

  /// Writes the whole recording to its path, or fails with nothing left there (see `OutputFile`).
  func finish() throws(WriteError) { try file.commit() }

  private func event(_ milliseconds: UInt64, _ kind: String, _ data: String) {
    let seconds = max(lastTime, Double(milliseconds) / 1000)
    lastTime = seconds
    let whole = Int(seconds)
    let thousandths = Int((seconds - Double(whole)) * 1000 + 0.5)
    let time = thousandths >= 1000 ? "\(whole + 1).000" : "\(whole)." + Self.pad(thousandths)
    write("[\(time), \"\(kind)\", \(RunOutput.quote(data))]")
  }

  private func write(_ line: String) {
    file.write(line + "\n")
  }

  private static func pad(_ n: Int) -> String { String(repeating: "0", count: 3 - String(n).count) + String(n) }
}
