import GmemModel

/// What a script's statements run on: a backend (the model, the kernel), or an app's session with its history
/// and log. `ScriptRunner` drives it; the target applies commands and hears of the expectations checked on it.
public protocol StatementTarget: AnyObject {
  /// The state now, which expectations check.
  var view: any StateView { get }
  /// The result of the last command applied, which outcome expectations check.
  var lastResult: OperationResult? { get }
  /// Applies `command`, written `text` in the script.
  func apply(_ command: Command, text: String) -> OperationResult
  /// Hears of an expectation written `text` checked on this target: `failure` says how it failed, nil when it
  /// held. A session logs it; a bare backend keeps nothing.
  func noteExpectation(_ text: String, failure: String?)
}

extension StatementTarget {
  /// Keeps nothing.
  public func noteExpectation(_ text: String, failure: String?) {}
}
