import GmemModel
import GmemScript
import GmemTerminal
import GmemView

/// The lines that build the starting state run inside the map, so the first frame comes at once: each line shows
/// in the status bar before it runs (a 4 TiB memslot takes the kernel seconds to set up), and a long one shows its
/// progress and can be stopped, as any operation can.
extension TUIApp {
  /// Why the setup ended early.
  enum SetupStop: Error {
    /// A line of the default setup failed (not a `--script`, which explores whatever state it reaches).
    case failed(line: String, outcome: String)
    /// A termination signal arrived (or Ctrl-C twice); the app quits with this status.
    case quit(Int32)
  }

  /// Runs `lines` on the session (see `SetupTarget`), drawing the map before each command, and keeps them as the
  /// session's `opening` for `:save`. Returns the last caption (`say`), if any. When `strict`, a command that
  /// fails stops the setup.
  mutating func setUp(_ lines: [ScriptLine], strict: Bool) throws(SetupStop) -> String? {
    let runner = ScriptRunner(target: SetupTarget(session))
    var caption: String?
    var lastShown: UInt64?
    for (index, line) in lines.enumerated() {
      let label = "setting up (\(index + 1)/\(lines.count)): \(line.source)"
      // Each kernel line is drawn before it runs (one can take the kernel seconds); the model's take microseconds,
      // so a long script is drawn every `setupRedrawInterval` ms, not once per line.
      let now = monotonicMilliseconds()
      if case .command = line.statement,
        session.model == nil || lastShown.map({ now >= $0 + Self.setupRedrawInterval }) ?? true
      {
        presentStatus(label)
        lastShown = now
      }
      let progress = ProgressPresenter(loop: loop, view: { [session] in session.view }, state: state, command: label)
      // On the kernel only: a model stopped partway is rolled back by `Session.apply`, which setup bypasses.
      let record = progress.watching(session.model == nil ? session.progressReporter : nil) { runner.execute(line) }
      if let signal = progress.terminationSignal ?? loop.pendingTerminationSignal() {
        throw .quit(128 + signal)
      }
      // A kernel operation stopped partway with Esc: a comment saying how far it got, not a line to replay.
      let entry = record.result == nil ? nil : session.log.last
      let stopped = entry?.stoppedPartway == true ? entry?.detail ?? "" : nil
      opening.lines.append(SessionOpening.Line(source: line.source, failure: record.failure, stopped: stopped))
      if strict, let result = record.result, !result.outcome.succeeded {
        throw .failed(line: line.source, outcome: "\(result.outcome.text) (\(result.detail ?? ""))")
      }
      if case .say(let text) = line.statement { caption = text }
    }
    opening.logCount = session.log.count
    // The scan history starts from the state the setup made: recorded now, the setup's file is its baseline, so
    // the first operation after it is a change of its own (not the baseline of a history restarted for a new file).
    recordScan(flashing: false)
    state.update(.status(nil))
    refreshDerived()
    return caption
  }

  /// How often a long script on the model redraws the map while it sets up (milliseconds).
  static let setupRedrawInterval: UInt64 = 50

  /// Draws the map as it is now with `status` in the status bar.
  private mutating func presentStatus(_ status: String) {
    state.update(.status(status))
    refreshDerived()
    let loop = self.loop
    loop.present(&self)
  }
}
