/// `gmemviz play` inside the TUI: the script being played, its clock, and its keys.
final class PlayState {
  /// The script and its checkpoints.
  let player: ScriptPlayer
  /// When the next line is due, speed, pause and step mode.
  var playback: Playback
  /// The playback keys, with a `g N` being typed.
  var keys = PlaybackKeys()

  /// Playback by `player` on `playback`'s clock.
  init(player: ScriptPlayer, playback: Playback) {
    self.player = player
    self.playback = playback
  }
}
