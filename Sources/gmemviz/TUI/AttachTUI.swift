import ArgumentParser
import GmemKVM
import GmemModel
import GmemView

/// How `gmemviz attach` draws: the TUI options it shares with `gmemviz tui`.
struct AttachedTUIOptions {
  var theme: Theme
  var ascii: Bool
  var mouse: Bool
  /// The live rescan interval in milliseconds.
  var interval: UInt64
  /// The most bytes the history of changes between scans keeps.
  var historyBytes: Int
  /// Where to write an asciicast recording of the live view, if anywhere.
  var record: String?
}

/// The live map of an attached guest_memfd: `view` rescanned every `options.interval` ms, read-only (every
/// operation is refused and says why), with `title` (which process and fd) in the header.
func runAttachedTUI(view: sending AttachedGuestMemfd, title: String, options: AttachedTUIOptions) throws {
  let header = "pid \(view.pid) fd \(view.target.fd)"
  let reason = "attached read-only to \(title): gmemviz observes this guest_memfd and changes nothing"
  let session = Session(readOnly: view, live: view, reason: reason)
  session.note(
    LogEntry(
      sequence: 0, command: "attach \(title)", outcome: "read-only",
      detail: "a copy of the fd (pidfd_getfd); cachestat, mincore and /proc/\(view.pid)/pagemap every "
        + "\(options.interval) ms; [ and ] step through the scans that changed something", succeeded: true))
  try MainActor.assumeIsolated {
    var app = try TUIApp(
      session: session, theme: options.theme, ascii: options.ascii, mouse: options.mouse, backendName: "attach",
      headerPrefix: header, rescanMilliseconds: options.interval, historyBytes: options.historyBytes)
    if let path = options.record {
      let size = ScreenSize(width: app.terminal.width, height: app.terminal.height)
      do {
        app.record(
          to: try AsciicastRecorder(path: path, size: size, title: "gmemviz attach \(title)", theme: app.state.theme),
          command: "attach")
      } catch {
        app.terminal.restore()
        printError("gmemviz attach: --record: \(error)")
        throw ExitCode(2)
      }
    }
    try app.run()
  }
}

extension AttachedGuestMemfd: LiveSource {}
