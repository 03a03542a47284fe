import GmemTerminal
import GmemView

/// One screen of the app (the map, compare, a long operation's progress) as its update functions: when it next
/// needs the clock, what an event does, what time does, and what it looks like. `AppLoop` owns time, input and the
/// terminal; a screen never polls or presents on its own.
@MainActor
protocol AppScreen {
  /// When the screen next needs `tick` (monotonic milliseconds); nil when only input changes it.
  var nextDeadline: UInt64? { get }
  /// The theme its frames are presented in.
  var theme: Theme { get }
  /// What `event` does.
  mutating func handle(_ event: InputEvent) -> Reaction
  /// Time has come to `now` (a deadline may be due); true when what is shown changed.
  mutating func tick(now: UInt64) -> Bool
  /// The whole screen at `size`.
  func render(size: ScreenSize) -> Screen
  /// Called with each frame once it is presented (a recording keeps it).
  mutating func presented(_ screen: Screen)
}

extension AppScreen {
  mutating func presented(_ screen: Screen) {}
}
