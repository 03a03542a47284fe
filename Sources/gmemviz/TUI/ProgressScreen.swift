import GmemModel
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// The map frozen at a long operation's start, with the operation's progress in the status bar, redrawn at most
/// every `interval` ms. Esc or a first Ctrl-C stop the operation (the screen quits with 0); a second Ctrl-C, or
/// SIGTERM, SIGHUP or SIGQUIT, stop it too and quit with 128 + the signal for the app to act on once the
/// operation has returned. Other keys are dropped.
struct ProgressScreen: AppScreen {
  /// What to draw: on the model its copy from before the operation, on the kernel the state as last read.
  let view: () -> any StateView
  var state: ViewState
  /// The operation, as the status bar names it.
  let command: String
  /// Whether the user has asked to stop the operation (Esc or a first Ctrl-C).
  private(set) var stopRequested = false
  /// When the progress is drawn again (monotonic milliseconds).
  private(set) var nextDeadline: UInt64? = 0

  /// Redraws at most this often (milliseconds).
  static let interval: UInt64 = 50

  /// The progress on the status bar from the next frame on.
  mutating func show(_ progress: OperationProgress) {
    state.status = "\(command): \(progress.text) · Esc or Ctrl-C stops"
  }

  var theme: Theme { state.theme }

  mutating func handle(_ event: InputEvent) -> Reaction {
    switch event {
    case .key(.escape), .key(.control("c")):
      stopRequested = true
      return .quit(0)
    case .terminationRequested(SIGINT) where !stopRequested:
      // Ctrl-C arrives as SIGINT: the first one stops the operation, as Esc does (README); a second one quits.
      stopRequested = true
      return .quit(0)
    case .terminationRequested(let signal):
      return .quit(128 + signal)
    default:
      return .nothing
    }
  }

  mutating func tick(now: UInt64) -> Bool {
    guard let due = nextDeadline, now >= due else { return false }
    nextDeadline = now + Self.interval
    return true
  }

  func render(size: ScreenSize) -> Screen {
    Renderer.render(view(), state, size: size)
  }
}
