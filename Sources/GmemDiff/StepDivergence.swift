import GmemModel
import GmemScript

/// A command whose outcome or observed state differs between the model and the kernel.
public struct StepDivergence: Equatable, Sendable {
  /// The script line.
  public var line: ScriptLine
  /// The model's result.
  public var model: OperationResult
  /// The kernel's result.
  public var kernel: OperationResult
  /// True when the outcomes differ (not only the state).
  public var outcomeDiffers: Bool
  /// How the observed state differs after the step; empty when only the outcome does.
  public var state: StateDifference
  /// The earlier line after which the state differed in exactly this way, when it did.
  public var sameStateAsLine: Int?

  public init(
    line: ScriptLine, model: OperationResult, kernel: OperationResult, outcomeDiffers: Bool, state: StateDifference,
    sameStateAsLine: Int?
  ) {
    self.line = line
    self.model = model
    self.kernel = kernel
    self.outcomeDiffers = outcomeDiffers
    self.state = state
    self.sameStateAsLine = sameStateAsLine
  }
}
