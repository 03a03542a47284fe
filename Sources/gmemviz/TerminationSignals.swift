#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP held back while `run` or `diff` works through a script, so that one ends the run
/// cleanly between commands (or a long kernel operation between chunks, with EINTR at the offset reached) and what
/// was done is printed, instead of the signal killing the process.
///
/// The signals are blocked on this (the only) thread and taken with sigtimedwait, never by a handler, so nothing
/// runs in signal context. Once one has been taken they are unblocked: a second signal kills at once. A signal
/// ignored when the program started (a background job's SIGINT) stays ignored.
final class TerminationSignals {
  private var signals = sigset_t()
  private var previousMask = sigset_t()
  // Asked before every line of a run, from one thread: no exclusivity checks.
  @exclusivity(unchecked) private var blocked: Bool
  /// The signal that arrived, once one has.
  @exclusivity(unchecked) private(set) var received: Int32?

  /// Blocks the termination signals until one arrives or `release()`.
  init() {
    sigemptyset(&signals)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
    blocked = pthread_sigmask(SIG_BLOCK, &signals, &previousMask) == 0
  }

  deinit { release() }

  /// When the signals were last asked for (CLOCK_MONOTONIC_COARSE, milliseconds).
  @exclusivity(unchecked) private var lastAsked = -TerminationSignals.pollInterval
  /// Milliseconds between two sigtimedwait calls: a script's line takes about a microsecond, and a system call per
  /// line was a tenth of `gmemviz run`'s time; a signal still ends the run within a few milliseconds.
  static let pollInterval = 4

  /// The signal that arrived, if any (without waiting). Asks the kernel at most every `pollInterval` ms.
  func poll() -> Int32? {
    guard received == nil, blocked else { return received }
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
    let ms = now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    guard ms - lastAsked >= Self.pollInterval else { return nil }
    lastAsked = ms
    var immediately = timespec(tv_sec: 0, tv_nsec: 0)
    let signal = sigtimedwait(&signals, nil, &immediately)
    if signal > 0 {
      received = signal
      release()
    }
    return received
  }

  /// Waits up to `milliseconds` for a signal: the one that arrived (now or before), or nil when none did.
  func wait(milliseconds: UInt64) -> Int32? {
    guard received == nil, blocked else { return received }
    var timeout = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
    let signal = sigtimedwait(&signals, nil, &timeout)
    if signal > 0 {
      received = signal
      release()
    }
    return received
  }

  /// True when no signal has arrived: for `onProgress`, which stops a long operation on false.
  func keepGoing() -> Bool { poll() == nil }

  /// Unblocks the signals: from now on they act as they did before.
  func release() {
    guard blocked else { return }
    pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    blocked = false
  }

  /// The exit status for the signal that arrived: 128 + its number.
  var exitStatus: Int32 { 128 + (received ?? 0) }

  /// The signal's name, e.g. `SIGTERM`.
  static func name(_ signal: Int32) -> String {
    switch signal {
    case SIGINT: "SIGINT"
    case SIGTERM: "SIGTERM"
    case SIGHUP: "SIGHUP"
    default: "signal \(signal)"
    }
  }
}
