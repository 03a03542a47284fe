/// `gmemviz play` inside the TUI: the script being played, its clock, and a `g` jump being typed.
final class PlayState {
  /// The script and its checkpoints.
  let player: ScriptPlayer
  /// When the next line is due, speed, pause and step mode.
  var playback: Playback
  /// The digits typed after `g`, while a jump is being typed.
  var jump: String?

  /// Playback by `player` on `playback`'s clock.
  init(player: ScriptPlayer, playback: Playback) {
    self.player = player
    self.playback = playback
  }
}
