import GmemModel
import GmemScript
import GmemView

/// The explored model with its history: every operation is undoable, and the timeline can step back and forth
/// through the states after each one. One place changes state (the Elm architecture's `update`).
final class Session {
  /// The model as it is now (at the timeline's position).
  private(set) var model: GuestMemfdModel
  /// The log of operations up to the timeline's position.
  private(set) var log: [LogEntry]
  /// The result of the last operation applied or stepped to, if any.
  private(set) var lastResult: OperationResult?
  /// States before each operation (undo) and after undone ones (redo).
  private var past: [(model: GuestMemfdModel, log: [LogEntry], result: OperationResult?)] = []
  private var future: [(model: GuestMemfdModel, log: [LogEntry], result: OperationResult?)] = []
  /// The longest history kept.
  static let historyLimit = 500

  init(model: GuestMemfdModel) {
    self.model = model
    log = []
  }

  /// Operations that can be undone / redone.
  var canUndo: Bool { !past.isEmpty }
  var canRedo: Bool { !future.isEmpty }
  /// Position in the timeline: operations before now, and all of them.
  var timeline: (position: Int, count: Int) { (past.count, past.count + future.count) }

  /// Applies a command, recording it for undo; a new operation drops whatever was undone.
  @discardableResult
  func apply(_ command: Command, text: String) -> OperationResult {
    past.append((model.copy(), log, lastResult))
    if past.count > Self.historyLimit { past.removeFirst() }
    future.removeAll()
    let result = model.apply(command)
    log.append(LogEntry(sequence: model.sequence, command: text, result: result))
    lastResult = result
    return result
  }

  /// Logs a command the setup already applied to the model; setup is not undoable.
  func record(_ command: Command, text: String, result: OperationResult) {
    log.append(LogEntry(sequence: model.sequence, command: text, result: result))
    lastResult = result
  }

  /// Records a line that changed nothing (an expectation, a caption) in the log.
  func note(_ entry: LogEntry) {
    log.append(entry)
  }

  /// Steps back one operation. False when there is nothing to undo.
  @discardableResult
  func undo() -> Bool {
    guard let previous = past.popLast() else { return false }
    future.append((model, log, lastResult))
    (model, log, lastResult) = previous
    return true
  }

  /// Steps forward one undone operation. False when there is nothing to redo.
  @discardableResult
  func redo() -> Bool {
    guard let next = future.popLast() else { return false }
    past.append((model, log, lastResult))
    (model, log, lastResult) = next
    return true
  }
}
