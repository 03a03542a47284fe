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

  /// The speed as the screen shows it after `×`: `2`, `0.5`.
  var speedText: String { speed == speed.rounded() ? String(Int(speed)) : String(speed) }

  /// Faster (`+`) or slower (`-`) by one notch of `speeds`.
  mutating func changeSpeed(faster: Bool) {
    // The next speed of the list in that direction; a --speed outside the list (0.01, 64) stays until one is.
    let next = faster ? Self.speeds.first { $0 > speed } : Self.speeds.last { $0 < speed }
    speed = next ?? speed
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
    due = Self.later(max(due, now), by: wait / speed)
  }

  // MARK: - Saturating time
  //
  // A pause is at most a day (the parser refuses longer ones) and the speed at least 0.01, so playback time stays
  // far from the end of UInt64; these still stop there rather than trap, whatever a caller passes.

  /// `time` plus `milliseconds` (rounded down), or UInt64.max when that is later than UInt64 can count.
  static func later(_ time: UInt64, by milliseconds: Double) -> UInt64 {
    guard milliseconds >= 1 else { return time }  // Also NaN.
    guard milliseconds < 0x1p64 else { return .max }
    return later(time, by: UInt64(milliseconds))
  }

  /// `time` plus `milliseconds`, or UInt64.max when that is later than UInt64 can count.
  static func later(_ time: UInt64, by milliseconds: UInt64) -> UInt64 {
    let (sum, overflow) = time.addingReportingOverflow(milliseconds)
    return overflow ? .max : sum
  }

  /// How long to wait from `now` until `deadline`, as a poll timeout: 0 when it is due, at most Int32.max
  /// milliseconds (24 days; the caller waits again after).
  static func timeout(until deadline: UInt64, from now: UInt64) -> Int {
    deadline > now ? Int(min(deadline - now, UInt64(Int32.max))) : 0
  }
}
