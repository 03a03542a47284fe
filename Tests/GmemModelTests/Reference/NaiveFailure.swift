import GmemModel

/// An operation of the naive model that did not succeed: the outcome it reports.
struct NaiveFailure: Error {
  var outcome: Outcome

  init(_ errno: Errno, at offset: UInt64? = nil) { outcome = .errno(errno, at: offset) }

  init(outcome: Outcome) { self.outcome = outcome }
}
