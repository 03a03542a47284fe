import GmemModel

/// What running one script line did.
public struct StepRecord: Sendable {
  /// The line.
  public var line: ScriptLine
  /// For a command: its result.
  public var result: OperationResult?
  /// For an expectation: nil when it held (or nothing of it could be observed), else what was expected and what
  /// happened.
  public var failure: String?
  /// For an expectation: the words and counters the backend cannot observe, left unchecked (see
  /// `ObservableExpectation`).
  public var notObservable: [String] = []
  /// For an expectation: false when nothing of it could be observed here, so it neither held nor failed.
  public var observed = true

  /// True unless an expectation failed.
  public var passed: Bool { failure == nil }
}
