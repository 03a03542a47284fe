import GmemModel

/// A backend as a statement target: commands go straight to it, and the last result is kept for `expect`.
public final class BackendTarget: StatementTarget {
  /// Where commands go.
  public let backend: any Backend
  /// The result of the last command applied. (Set on every line of a run, from one thread: no exclusivity
  /// checks.)
  @exclusivity(unchecked) public private(set) var lastResult: OperationResult?

  /// A target on `backend`, before any command.
  public init(_ backend: any Backend) {
    self.backend = backend
  }

  /// The backend's state now.
  public var view: any StateView { backend.view }

  /// Applies `command` to the backend; `text` is not kept.
  public func apply(_ command: Command, text: String) -> OperationResult {
    let result = backend.apply(command)
    lastResult = result
    return result
  }
}
