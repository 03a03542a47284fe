import GmemModel

/// The one way a script line runs: on a target (a backend, or an app's session), one line at a time, checking
/// expectations against the target's last result and state (the part of each that the target can observe), and
/// telling the target of each expectation checked.
/// `say`, `pause` and `step` are presentation: the runner passes them by, and its callers show them.
public final class ScriptRunner {
  /// Where the lines run.
  public let target: any StatementTarget

  /// A runner on `target`.
  public init(target: any StatementTarget) {
    self.target = target
  }

  /// A runner on `backend`, before any command.
  public convenience init(backend: any Backend) {
    self.init(target: BackendTarget(backend))
  }

  /// The result of the last command, which `expect` lines check.
  public var previous: OperationResult? { target.lastResult }

  /// Runs one line.
  public func execute(_ line: consuming ScriptLine) -> StepRecord {
    switch line.statement {
    case .command(let command):
      let result = target.apply(command, text: line.source)
      return StepRecord(line: line, result: result, failure: nil)
    case .expect(let e):
      let observable = ObservableExpectation(e, on: target.view)
      guard let checked = observable.checked else {
        return StepRecord(
          line: line, result: nil, failure: nil, notObservable: observable.notObservable, observed: false)
      }
      let failure = ExpectationCheck.failure(of: checked, previous: target.lastResult, view: target.view)
      target.noteExpectation(line.source, failure: failure)
      return StepRecord(line: line, result: nil, failure: failure, notObservable: observable.notObservable)
    case .say, .pause, .step:
      return StepRecord(line: line, result: nil, failure: nil)
    }
  }

  /// Runs every line, calling `observe` after each, until the end or until `stop` (asked before each line) says
  /// true; returns the failed expectations.
  @discardableResult
  public func run(
    _ lines: [ScriptLine], observe: (StepRecord) -> Void = { _ in }, until stop: () -> Bool = { false }
  ) -> [StepRecord] {
    var failed: [StepRecord] = []
    for line in lines {
      if stop() { break }
      let record = execute(line)
      if !record.passed { failed.append(record) }
      observe(record)
    }
    return failed
  }
}
