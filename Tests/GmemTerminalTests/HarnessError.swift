/// A failure of the test harness itself (tmux could not start a session, …).
struct HarnessError: Error, CustomStringConvertible {
  /// What went wrong.
  var description: String

  init(_ description: String) { self.description = description }
}
