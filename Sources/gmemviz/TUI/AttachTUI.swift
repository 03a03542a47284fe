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
        + "\(options.interval) ms", succeeded: true))
  try MainActor.assumeIsolated {
    var app = try TUIApp(
      session: session, theme: options.theme, ascii: options.ascii, mouse: options.mouse, backendName: "attach",
      headerPrefix: header, rescanMilliseconds: options.interval)
    try app.run()
  }
}

extension AttachedGuestMemfd: LiveSource {}
