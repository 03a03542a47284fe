/// The clock of `gmemviz play`: when the next line of the script is due, at what speed, paused or not, and in step
/// mode whether it stops at each `step`. Time is in milliseconds of whichever clock the caller runs (the monotonic
/// clock in the TUI; recorded time when headless), so the same logic drives both.
struct Playback {
  /// How long an operation stays on screen before the next line, at speed 1.
  static let commandMilliseconds: Double = 600
  /// The speeds `+` and `-` step through.
  static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8]

  /// A multiple of real time.
  private(set) var speed: Double
  /// Stopped until resumed (Space) or told to go to a step.
  var isPaused: Bool
  /// Stop at every `step` (`--step`).
  let stopsAtSteps: Bool
  /// When the next line is due.
  private(set) var due: UInt64

  /// Playback starting at `now`.
  init(speed: Double, stopsAtSteps: Bool, now: UInt64) {
    self.speed = speed
    self.stopsAtSteps = stopsAtSteps
    isPaused = false
    due = now
  }

  /// The time the caller should wake up at, nil while paused.
  var deadline: UInt64? { isPaused ? nil : due }

  /// Faster (`+`) or slower (`-`) by one notch of `speeds`.
  mutating func changeSpeed(faster: Bool) {
    let index = Self.speeds.lastIndex { $0 <= speed } ?? 0
    speed = Self.speeds[max(0, min(Self.speeds.count - 1, index + (faster ? 1 : -1)))]
  }

  /// Resumes from `now`.
  mutating func resume(now: UInt64) {
    isPaused = false
    due = now
  }

  /// After `played` at `now`: when the next line is due, and whether to stop at this step.
  mutating func after(_ played: ScriptPlayer.Played, now: UInt64) {
    let wait: Double
    switch played {
    case .command: wait = Self.commandMilliseconds
    case .pause(let milliseconds): wait = Double(milliseconds)
    case .step:
      wait = 0
      if stopsAtSteps { isPaused = true }
    case .caption, .expectation: wait = 0
    }
    due = max(due, now) + UInt64(wait / speed)
  }
}
