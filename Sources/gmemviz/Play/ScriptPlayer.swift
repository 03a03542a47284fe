import GmemModel
import GmemScript
import GmemView

/// A script played line by line on a model session, for `gmemviz play`, `export` and `compare`. Every `step` is a
/// checkpoint: the exact state after it (model, log, caption, position) is kept, so going back a step restores it
/// rather than undoing operations one by one, and a jump forward replays the lines in between.
final class ScriptPlayer {
  /// What playing one line did.
  enum Played: Equatable {
    /// An operation ran; `text` is its source line.
    case command(Command, text: String, result: OperationResult)
    /// An expectation was checked; `failure` says how it failed, nil when it held.
    case expectation(text: String, failure: String?)
    /// The caption changed (`say`); an empty caption clears it.
    case caption(String)
    /// A `pause` of this many milliseconds at speed 1.
    case pause(milliseconds: UInt64)
    /// Step `number` (1-based) was reached.
    case step(number: Int)
  }

  /// The exact state at a step, to come back to.
  private struct Checkpoint {
    var model: GuestMemfdModel
    var log: OperationLog
    var result: OperationResult?
    var position: Int
    var caption: String?
    var lastCommand: String?
    var failures: [(line: Int, failure: String)]
  }

  /// The script's lines.
  let lines: [ScriptLine]
  /// The session the script plays on (a model session).
  let session: Session
  /// Runs the lines on `session`, which logs them.
  private let runner: ScriptRunner
  /// The index of the next line to play.
  private(set) var position = 0
  /// The caption of the last `say`, if any.
  private(set) var caption: String?
  /// The last command run and its outcome (`share 0x1000+4K → ok`), shown beside the caption.
  private(set) var lastCommand: String?
  /// The number of `step` lines in the script.
  let stepCount: Int
  /// Expectations that failed so far, with their line numbers.
  private(set) var failures: [(line: Int, failure: String)] = []
  /// The checkpoint of each step reached so far; index 0 is the start.
  private var checkpoints: [Checkpoint] = []

  /// A player of `lines` on `session`, which must be a model session, before its first line.
  init(lines: [ScriptLine], session: Session) {
    self.lines = lines
    self.session = session
    runner = ScriptRunner(target: session)
    stepCount = lines.filter { $0.statement == .step }.count
    checkpoints = [checkpoint()]
  }

  /// The number of steps passed (0 before the first `step`).
  var step: Int { checkpoints.count - 1 }
  /// True after the last line.
  var isAtEnd: Bool { position >= lines.count }
  /// The operation played last, if any.
  var lastCommandLine: ScriptLine? { lines[..<position].last { $0.isCommand } }
  /// The next line, if any.
  var nextLine: ScriptLine? { isAtEnd ? nil : lines[position] }

  /// Plays the next line; nil at the end.
  func playNext() -> Played? {
    guard let line = nextLine else { return nil }
    position += 1
    let record = runner.execute(line)
    switch line.statement {
    case .command(let command):
      let result = record.result ?? OperationResult(outcome: .ok)
      lastCommand = "\(line.source) → \(result.outcome.text)"
      return .command(command, text: line.source, result: result)
    case .expect:
      if let failure = record.failure { failures.append((line.number, failure)) }
      return .expectation(text: line.source, failure: record.failure)
    case .say(let text):
      caption = text.isEmpty ? nil : text
      return .caption(text)
    case .pause(let milliseconds):
      return .pause(milliseconds: milliseconds)
    case .step:
      checkpoints.append(checkpoint())
      return .step(number: step)
    }
  }

  /// Plays on until step `number` is reached (past the last step: to the end), returning what was played; going
  /// back restores the checkpoint instead. Step 0 is the start.
  @discardableResult
  func go(toStep number: Int) -> [Played] {
    if number > stepCount {
      var played: [Played] = []
      while let next = playNext() { played.append(next) }
      return played
    }
    let target = max(0, number)
    if target < checkpoints.count {
      restore(checkpoints[target])
      checkpoints.removeSubrange((target + 1)...)
      return []
    }
    var played: [Played] = []
    while step < target, let next = playNext() { played.append(next) }
    return played
  }

  /// Back to the start of the current step, or to the previous step when exactly at a step.
  func back() {
    let atCheckpoint = checkpoints.last?.position == position
    go(toStep: atCheckpoint ? step - 1 : step)
  }

  /// Back to the beginning.
  func restart() {
    go(toStep: 0)
  }

  private func checkpoint() -> Checkpoint {
    Checkpoint(
      model: session.model?.copy() ?? GuestMemfdModel(), log: session.log, result: session.lastResult,
      position: position, caption: caption, lastCommand: lastCommand, failures: failures)
  }

  private func restore(_ c: Checkpoint) {
    session.reset(model: c.model.copy(), log: c.log, lastResult: c.result)
    position = c.position
    caption = c.caption
    lastCommand = c.lastCommand
    failures = c.failures
  }
}

extension String {
  /// The text without leading and trailing blanks.
  var trimmingBlanks: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
