import GmemModel
import GmemScript

/// What `diff` did with one line: the results on each backend (nil where it did not run) and what it found.
public struct ConformanceStep: Sendable {
  /// The line.
  public var line: ScriptLine
  /// The model's result, for a command it ran.
  public var model: OperationResult?
  /// The kernel's result, for a command it ran.
  public var kernel: OperationResult?
  /// What this line showed, in order.
  public var findings: [ConformanceFinding]
}
