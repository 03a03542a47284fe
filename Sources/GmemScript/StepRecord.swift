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
