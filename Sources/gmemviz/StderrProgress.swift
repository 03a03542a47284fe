import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Progress of long kernel operations for `gmemviz run` on standard error: on a terminal one line redrawn in place
/// (at most 10 times a second) and cleared when the operation ends; otherwise a line at each quarter, so that logs
/// show a slow step without filling up.
final class StderrProgress {
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private var lastDrawn: UInt64 = 0
  private var lastQuarter = 0
  /// The call of the line on screen; read after every line of a run, from one thread: no exclusivity checks.
  @exclusivity(unchecked) private var drawnCall: String?

  /// Reports `progress`; never asks to stop.
  func report(_ progress: OperationProgress) -> Bool {
    if drawnCall != progress.call {
      drawnCall = progress.call
      lastQuarter = 0
    }
    if isTerminal {
      let now = monotonicMilliseconds()
      if now >= lastDrawn + 100 {
        lastDrawn = now
        write("\r\u{1B}[K" + progress.text)
      }
    } else if progress.percent / 25 > lastQuarter {
      lastQuarter = progress.percent / 25
      write(progress.text + "\n")
    }
    return true
  }

  /// Clears the in-place line after an operation.
  func finish() {
    if isTerminal && drawnCall != nil { write("\r\u{1B}[K") }
    drawnCall = nil
  }

  private func write(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
  }
}
