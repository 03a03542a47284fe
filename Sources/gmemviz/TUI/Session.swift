import GmemModel
import GmemScript
import GmemView

/// What the TUI explores, with its history. On the model every operation is undoable and the timeline steps back
/// and forth through the states after each one; on the kernel (`--backend kvm`) operations are real and cannot be
/// undone, and the state is rescanned live; an attached file is read-only. The session owns the backend's state
/// and its history: every operation, undo and timeline step goes through it (scripts through `ScriptRunner`, with
/// the session as the target, which logs each line). What the screen shows is the screen's own `ViewState`, which
/// the session never touches and which changes in one place, `ViewState.update(_:)`.
final class Session: StatementTarget {
  /// The state as it is now (at the timeline's position on the model).
  private(set) var view: any StateView
  /// The model, when the session runs on it; its copies make undo and the timeline.
  private(set) var model: GuestMemfdModel?
  /// Where commands go; nil when the session is read-only.
  private var backend: (any Backend)?
  /// Rescans the state from the kernel, when the session shows a live one.
  let live: (any LiveSource)?
  /// Why commands are refused, when the session is read-only (an attached file).
  let readOnlyReason: String?
  /// The log of operations up to the timeline's position.
  private(set) var log: OperationLog
  /// The result of the last operation applied or stepped to, if any.
  private(set) var lastResult: OperationResult?
  /// Operations applied on a backend without its own count (the kernel).
  private var appliedCount = 0
  /// States before each operation (undo) and after undone ones (redo); model sessions only.
  private var past: [Snapshot] = []
  private var future: [Snapshot] = []
  /// The log's entries after the timeline's position, in order: what redo brings back. The log itself is kept once
  /// (an `OperationLog` shares its store with the screen's copy), and a step of the history holds only its length,
  /// so an operation costs what it adds, not the log's length.
  private var undoneLog: [LogEntry] = []

  /// A point in the model's history: the model (a copy-on-write copy), how long the log was, the last result.
  private struct Snapshot {
    var model: GuestMemfdModel
    var logCount: Int
    var result: OperationResult?
  }
  /// The longest history kept.
  static let historyLimit = 500

  /// A session on the model.
  init(model: GuestMemfdModel) {
    self.model = model
    view = model
    backend = model
    live = nil
    readOnlyReason = nil
    log = []
  }

  /// A session on the kernel: `backend`'s operations are real, and `live` rescans its state.
  init(kernel backend: any Backend, live: any LiveSource) {
    model = nil
    view = backend.view
    self.backend = backend
    self.live = live
    readOnlyReason = nil
    log = []
  }

  /// A read-only session on a view that `live` rescans; commands are refused with `reason`.
  init(readOnly view: any StateView, live: any LiveSource, reason: String) {
    model = nil
    self.view = view
    backend = nil
    self.live = live
    readOnlyReason = reason
    log = []
  }

  /// The backend's progress hook: the kernel's long operations report progress and stop between chunks; the
  /// model's stop partway and go back to where they started (`apply`).
  var progressReporter: (any ReportsProgress)? { backend as? any ReportsProgress }
  /// What to draw while an operation runs: on the model its copy from before the operation (the model itself is
  /// partway through it), on the kernel the state as last read.
  var viewDuringOperation: any StateView { model != nil ? past.last?.model ?? view : view }
  /// What the user waits for after quitting, when the kernel takes a while to tear the VM down (seconds for a
  /// memslot of terabytes: its metadata scales with its pages); nil on the model and for small files.
  var teardownNotice: String? {
    guard model == nil, readOnlyReason == nil, view.fileSize >= Self.slowTeardownSize else { return nil }
    return "gmemviz: closing the VM and its \(sizeName(view.fileSize)) guest_memfd (the kernel frees the memslot)…"
  }
  /// The file size from which the kernel's teardown takes long enough to say so.
  static let slowTeardownSize: UInt64 = 64 << 30
  /// The number of the last operation, for the log.
  var sequence: Int { model?.sequence ?? appliedCount }
  /// Position in the timeline: operations before now, and all of them.
  var timeline: (position: Int, count: Int) { (past.count, past.count + future.count) }
  /// Why undo and the timeline do nothing here, when they cannot: the kernel's state is not the session's to roll
  /// back.
  var historyUnavailableReason: String? {
    if model != nil { return nil }
    return readOnlyReason ?? "the kernel's state cannot be undone: operations on --backend kvm are real"
  }

  /// Applies a command, recording it for undo on the model; a new operation drops whatever was undone.
  @discardableResult
  func apply(_ command: Command, text: String) -> OperationResult {
    guard let model else { return applyWithoutHistory(command, text: text) }
    past.append(Snapshot(model: model.copy(), logCount: log.count, result: lastResult))
    if past.count > Self.historyLimit { past.removeFirst() }
    let result = model.apply(command)
    if model.wasStopped, let before = past.popLast() {
      // Stopped partway (Esc or Ctrl-C): the model goes back to its copy from before the command.
      let number = sequence
      restore(before)
      let stopped = OperationResult(
        outcome: result.outcome, detail: (result.detail ?? "stopped") + "; rolled back to before the command",
        events: [])
      var entry = LogEntry(sequence: number, command: text, result: stopped)
      entry.operationOutcome = nil
      log.append(entry)
      lastResult = stopped
      return stopped
    }
    future.removeAll()
    undoneLog.removeAll()
    log.append(LogEntry(sequence: sequence, command: text, result: result))
    lastResult = result
    return result
  }

  /// Applies a command and logs it, without a way back (the setup that builds the starting state).
  @discardableResult
  func applyWithoutHistory(_ command: Command, text: String) -> OperationResult {
    let result: OperationResult
    if let model {
      result = model.apply(command)
    } else if let backend {
      appliedCount += 1
      result = backend.apply(command)
      view = backend.view
    } else {
      appliedCount += 1
      result = OperationResult(outcome: .unsupported(readOnlyReason ?? "read-only"), detail: nil, events: [])
    }
    var entry = LogEntry(sequence: sequence, command: text, result: result)
    if model == nil, progressReporter?.wasStopped == true {
      // Stopped partway on the kernel: what it did stays done, but its line replayed would do all of it.
      entry.operationOutcome = nil
      entry.stoppedPartway = true
    }
    log.append(entry)
    lastResult = result
    return result
  }

  /// Forgets the undo history: the state now is where undo and the timeline start, as after a setup (a played
  /// script that reached its end becomes the session's start).
  func forgetHistory() {
    past.removeAll()
    future.removeAll()
    undoneLog.removeAll()
  }

  /// Logs an expectation written `text` that was checked here: `holds`, or `FAILED` with how.
  func noteExpectation(_ text: String, failure: String?) {
    note(
      LogEntry(
        sequence: sequence, command: text, outcome: failure == nil ? "holds" : "FAILED", detail: failure,
        succeeded: failure == nil))
  }

  /// Records a line that changed nothing (an expectation, a caption) in the log.
  func note(_ entry: LogEntry) {
    log.append(entry)
  }

  /// Reads the live state again from the kernel; nothing on the model.
  func rescan() {
    live?.rescan()
  }

  /// Replaces the state with `model` (a playback checkpoint) and forgets the undo history.
  func reset(model: GuestMemfdModel, log: OperationLog, lastResult: OperationResult?) {
    past.removeAll()
    future.removeAll()
    undoneLog.removeAll()
    self.log = log
    restore(Snapshot(model: model, logCount: log.count, result: lastResult))
  }

  /// Steps back one operation. False when there is nothing to undo.
  @discardableResult
  func undo() -> Bool {
    guard let previous = past.popLast(), let model else { return false }
    future.append(Snapshot(model: model, logCount: log.count, result: lastResult))
    let kept = min(previous.logCount, log.count)
    undoneLog.insert(contentsOf: log[kept...], at: 0)
    log.removeLast(log.count - kept)
    restore(previous)
    return true
  }

  /// Steps forward one undone operation. False when there is nothing to redo.
  @discardableResult
  func redo() -> Bool {
    guard let next = future.popLast(), let model else { return false }
    past.append(Snapshot(model: model, logCount: log.count, result: lastResult))
    let back = max(0, min(next.logCount - log.count, undoneLog.count))
    log.append(contentsOf: undoneLog.prefix(back))
    undoneLog.removeFirst(back)
    restore(next)
    return true
  }

  /// Makes `snapshot`'s model the state (the log is the caller's to cut or restore).
  private func restore(_ snapshot: Snapshot) {
    model = snapshot.model
    view = snapshot.model
    backend = snapshot.model
    lastResult = snapshot.result
  }
}
