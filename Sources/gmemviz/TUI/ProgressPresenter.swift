import GmemModel
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// Shows a long kernel operation's progress in the status bar while it runs (the app loop is blocked in the
/// operation meanwhile), and lets Esc or Ctrl-C stop it between chunks: the operation ends with `EINTR at` the
/// offset reached and the app goes on. A second Ctrl-C during the same operation, or SIGTERM, SIGHUP or SIGQUIT,
/// stops it too and is kept for the app to act on (quit) once the operation has returned; other keys typed meanwhile
/// are dropped.
@MainActor
final class ProgressPresenter {
  private let terminal: Terminal
  private let view: () -> any StateView
  private var state: ViewState
  private let command: String
  private var lastShown: UInt64 = 0
  /// The termination signal that arrived during the operation, if any.
  private(set) var terminationSignal: Int32?
  /// Whether the user has asked to stop the operation (Esc or a first Ctrl-C).
  private(set) var stopRequested = false

  /// Redraws at most this often (milliseconds).
  static let interval: UInt64 = 50

  /// A presenter drawing what `view` gives with `state` (frozen at the operation's start) for `command`.
  init(terminal: Terminal, view: @escaping () -> any StateView, state: ViewState, command: String) {
    self.terminal = terminal
    self.view = view
    self.state = state
    self.command = command
  }

  /// Draws `progress`; false when the user asked to stop.
  func show(_ progress: OperationProgress) -> Bool {
    while let event = terminal.nextEvent(timeoutMilliseconds: 0) {
      switch event {
      case .key(.escape), .key(.control("c")):
        stopRequested = true
        return false
      case .terminationRequested(SIGINT) where !stopRequested:
        // Ctrl-C arrives as SIGINT: the first one stops the operation, as Esc does (README); a second one quits.
        stopRequested = true
        return false
      case .terminationRequested(let signal):
        terminationSignal = signal
        return false
      default: continue
      }
    }
    let now = monotonicMilliseconds()
    guard now >= lastShown + Self.interval else { return true }
    lastShown = now
    state.status = "\(command): \(progress.text) · Esc or Ctrl-C stops"
    let size = ScreenSize(width: terminal.width, height: terminal.height)
    _ = terminal.present(Renderer.render(view(), state, size: size), theme: state.theme)
    return true
  }
}
