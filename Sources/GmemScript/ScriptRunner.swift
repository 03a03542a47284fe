import GmemModel

/// What running one script line did.
public struct StepRecord: Sendable {
  /// The line.
  public var line: ScriptLine
  /// For a command: its result.
  public var result: OperationResult?
  /// For an expectation: nil when it held, else what was expected and what happened.
  public var failure: String?

  /// True unless an expectation failed.
  public var passed: Bool { failure == nil }
}

/// Runs parsed lines on a backend, one at a time, checking expectations against the previous operation.
/// `say`, `pause` and `step` are presentation: the runner passes them by.
public final class ScriptRunner {
  /// The backend commands go to.
  public let backend: any Backend
  /// The result of the last command, which `expect` lines check.
  public private(set) var previous: OperationResult?

  /// A runner on `backend`.
  public init(backend: any Backend) {
    self.backend = backend
  }

  /// Runs one line.
  public func execute(_ line: ScriptLine) -> StepRecord {
    switch line.statement {
    case .command(let command):
      let result = backend.apply(command)
      previous = result
      return StepRecord(line: line, result: result, failure: nil)
    case .expect(let e):
      let failure = ExpectationCheck.failure(of: e, previous: previous, view: backend.view)
      return StepRecord(line: line, result: nil, failure: failure)
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
