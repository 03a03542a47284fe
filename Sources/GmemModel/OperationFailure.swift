/// Why a command did not succeed, on any backend: the outcome it reports and one line of detail. The model's and
/// the kvm backend's operations throw only this (`throws(OperationFailure)`); their `apply` turns it into the
/// command's ``OperationResult``.
public struct OperationFailure: Error, Sendable {
  /// The outcome the command reports (an errno, a signal or unsupported).
  public var outcome: Outcome
  /// What happened, in one line.
  public var detail: String

  /// A failure reporting `outcome`, with `detail`.
  public init(_ outcome: Outcome, _ detail: String) {
    self.outcome = outcome
    self.detail = detail
  }

  /// A failure reporting `errno` (at file offset `offset`, when there is one), with `detail`.
  public init(_ errno: Errno, at offset: UInt64? = nil, _ detail: String) {
    self.init(.errno(errno, at: offset), detail)
  }
}

extension OperationFailure {
  /// The outcome `perform` returns, or the outcome and detail of the failure it throws: how a backend's `apply`
  /// turns an operation into its result.
  public static func settle(_ perform: () throws(OperationFailure) -> Outcome) -> (outcome: Outcome, detail: String?) {
    do { return (try perform(), nil) } catch { return (error.outcome, error.detail) }
  }
}
