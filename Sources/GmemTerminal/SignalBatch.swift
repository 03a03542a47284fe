#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The signals waiting in the self-pipe, read in one go.
struct SignalBatch {
  /// The first termination signal (SIGINT, SIGTERM, SIGHUP or SIGQUIT), if any.
  var termination: Int32?
  /// Whether SIGTSTP arrived.
  var suspend = false
  /// Whether SIGCONT arrived.
  var resume = false
  /// Whether SIGWINCH arrived.
  var resize = false

  /// Whether no signal arrived.
  var isEmpty: Bool { termination == nil && !suspend && !resume && !resize }

  /// Reads every signal number `next` gives until it returns 0.
  init(next: () -> Int32) {
    while case let signal = next(), signal != 0 {
      switch signal {
      case SIGINT, SIGTERM, SIGHUP, SIGQUIT: termination = termination ?? signal
      case SIGTSTP: suspend = true
      case SIGCONT: resume = true
      case SIGWINCH: resize = true
      default: break
      }
    }
  }
}
