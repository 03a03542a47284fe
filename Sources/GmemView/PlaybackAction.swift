/// What a playback key of `gmemviz play` and `compare` asks of the playback.
public enum PlaybackAction: Equatable, Sendable {
  case togglePause, nextStep, previousStep, faster, slower, restart, quit
  /// `g`: a step number follows, typed, then Enter.
  case goToStep
}
