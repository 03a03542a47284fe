import GmemModel
import GmemScript

/// A session as the setup that builds its starting state runs on it: commands are logged but cannot be undone,
/// and only the expectations that failed are logged.
final class SetupTarget: StatementTarget {
  let session: Session

  /// The setup's view of `session`.
  init(_ session: Session) {
    self.session = session
  }

  var view: any StateView { session.view }
  var lastResult: OperationResult? { session.lastResult }

  func apply(_ command: Command, text: String) -> OperationResult {
    session.applyWithoutHistory(command, text: text)
  }

  func noteExpectation(_ text: String, failure: String?) {
    if failure != nil { session.noteExpectation(text, failure: failure) }
  }
}
