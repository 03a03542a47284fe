import GmemModel
import GmemView

/// Shows a long operation's progress (see `ProgressScreen`) while it runs: the app loop is blocked in the
/// operation meanwhile, so each progress report pumps the loop once, and a stop the screen asks for ends the
/// operation between chunks: it ends with `EINTR at` the offset reached and the app goes on.
@MainActor
final class ProgressPresenter {
  private let loop: AppLoop
  private var screen: ProgressScreen
  /// The termination signal that arrived during the operation, if any.
  private(set) var terminationSignal: Int32?

  /// A presenter drawing `view` with `state` (frozen at the operation's start) for `command`.
  init(loop: AppLoop, view: @escaping () -> any StateView, state: ViewState, command: String) {
    self.loop = loop
    screen = ProgressScreen(view: view, state: state, command: command)
  }

  /// Runs `operation` with its progress, as `reporter` (if any) reports it, shown meanwhile.
  func watching<Result>(_ reporter: (any ReportsProgress)?, _ operation: () -> Result) -> Result {
    guard let reporter else { return operation() }
    reporter.onProgress = { self.show($0) }
    defer { reporter.onProgress = nil }
    return operation()
  }

  /// Draws `progress` when it is time to; false when the user asked to stop.
  func show(_ progress: OperationProgress) -> Bool {
    screen.show(progress)
    guard let status = loop.pump(&screen) else { return true }
    if status != 0 { terminationSignal = status - 128 }
    return false
  }
}
