import GmemModel

extension GuestMemfdModel {
  /// Applies `command`, which a benchmark's setup needs to succeed; anything else stops the run, naming it.
  func must(_ command: Command) {
    let r = apply(command)
    precondition(r.outcome.succeeded, "\(command.verb): \(r.outcome.text) \(r.detail ?? "")")
  }
}
