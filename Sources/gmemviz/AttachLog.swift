import GmemKVM
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// `gmemviz attach PID --log`: the attached guest_memfd rescanned every interval, and for each scan that changed
/// something one line per run of pages that changed, `HH:MM:SS.mmm OFFSET+LENGTH OLD... → NEW...` (the words of
/// `--list`). Runs until a termination signal (exit 128 + its number, 130 for Ctrl-C) or until the process exits
/// (exit 0); a line that cannot be written stops it with exit 2, and a reader that went away quietly with exit 141.
struct AttachLog {
  /// The guest_memfd observed.
  let view: AttachedGuestMemfd
  /// Milliseconds between scans.
  let interval: UInt64

  /// The lines for `scan`'s changes.
  static func lines(_ scan: Scan) -> [String] {
    let time = WallClock.text(scan.time)
    return scan.changes.map { change in
      "\(time) \(change.fileRange) " + AttachedGuestMemfd.words(of: change.old).joined(separator: " ") + " → "
        + AttachedGuestMemfd.words(of: change.new).joined(separator: " ")
    }
  }

  /// Logs until the end (see the type); returns the exit status.
  func run() -> Int32 {
    let signals = TerminationSignals()
    // Only the changes are needed, not a history of them.
    let changes = ScanHistory(start: view, at: WallClock.now(), byteLimit: 0)
    printError(
      "gmemviz attach: logging the changes of pid \(view.pid) fd \(view.target.fd) (\(sizeName(view.fileSize))), "
        + "scanned every \(interval) ms; Ctrl-C ends")
    while true {
      if let signal = signals.wait(milliseconds: interval) {
        printError("gmemviz attach: --log ended by \(TerminationSignals.name(signal))")
        return signals.exitStatus
      }
      view.rescan()
      guard view.discovery.isAlive else {
        printError("gmemviz attach: pid \(view.pid) has exited; the log ends")
        return 0
      }
      guard let scan = changes.record(view, at: WallClock.now()) else { continue }
      do throws(WriteError) {
        for line in Self.lines(scan) { try StandardOutput.line(line) }
      } catch {
        // A reader that went away (EPIPE: SIGPIPE is ignored, main.swift) ends the log quietly.
        if error.readerWentAway { return WriteError.readerGoneStatus }
        printError("gmemviz attach: --log: \(error)")
        return 2
      }
    }
  }
}
