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

  /// Runs `lines` on `runner`'s backend and records them in the session, drawing the map before each one. Returns
  /// the last caption (`say`), if any. When `strict`, a command that fails stops the setup.
  mutating func setUp(_ lines: [ScriptLine], runner: ScriptRunner, strict: Bool) throws(SetupStop) -> String? {
    var caption: String?
    for (index, line) in lines.enumerated() {
      let label = "setting up (\(index + 1)/\(lines.count)): \(line.source)"
      if case .command = line.statement { presentStatus(label) }
      let progress = ProgressPresenter(loop: loop, view: session.view, state: state, command: label)
      let record = progress.watching(session.progressReporter) { runner.execute(line) }
      if let signal = progress.terminationSignal ?? loop.pendingTerminationSignal() {
        throw .quit(128 + signal)
      }
      switch line.statement {
      case .command(let c):
        let result = record.result ?? OperationResult(outcome: .ok)
        session.countSetupOperation()
        session.record(c, text: line.source, result: result)
        if strict && !result.outcome.succeeded {
          throw .failed(line: line.source, outcome: "\(result.outcome.text) (\(result.detail ?? ""))")
        }
      case .expect:
        if let failure = record.failure {
          session.note(
            LogEntry(
              sequence: session.sequence, command: line.source, outcome: "FAILED", meaning: nil, detail: failure,
              succeeded: false, events: []))
        }
      case .say(let text):
        caption = text
      case .pause, .step:
        break
      }
    }
    state.status = nil
    refreshDerived()
    return caption
  }

  /// Draws the map as it is now with `status` in the status bar.
  private mutating func presentStatus(_ status: String) {
    state.status = status
    refreshDerived()
    let loop = self.loop
    loop.present(&self)
  }
}
