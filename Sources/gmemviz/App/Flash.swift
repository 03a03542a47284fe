/// How long the cells an operation changed flash, and when the current flash ends.
struct Flash {
  /// How long changed cells flash (milliseconds).
  static let milliseconds: UInt64 = 700

  /// When the flash ends (monotonic milliseconds); nil when nothing flashes.
  private(set) var deadline: UInt64?

  /// Starts (or restarts) a flash at `now`.
  mutating func start(now: UInt64) {
    deadline = Playback.later(now, by: Self.milliseconds)
  }

  /// True once, when the flash has ended by `now`.
  mutating func ends(now: UInt64) -> Bool {
    guard let deadline, now >= deadline else { return false }
    self.deadline = nil
    return true
  }
}
