import GmemModel
import GmemView

/// Plays a script without a terminal, straight into a recording: every line is rendered at a fixed size, and
/// time is the script's own (operations and pauses advance the recorded clock; nothing is slept). The view
/// follows the same rules as the TUI's playback: caption, the command beside it, its cells flashing.
struct HeadlessPlayer {
  let player: ScriptPlayer
  let recorder: AsciicastRecorder
  let size: ScreenSize
  var state: ViewState

  /// A player of `player`'s script into `recorder` at `size`.
  init(player: ScriptPlayer, recorder: AsciicastRecorder, size: ScreenSize, theme: Theme, glyphs: GlyphSet) {
    self.player = player
    self.recorder = recorder
    self.size = size
    state = ViewState(theme: theme, glyphs: glyphs)
    state.isPlaying = true
  }

  /// Plays every line at `speed`, records the final state and writes the recording.
  mutating func play(speed: Double) throws(WriteError) {
    var playback = Playback(speed: speed, stopsAtSteps: false, now: 0)
    var now: UInt64 = 0
    record(at: now)
    while let played = player.playNext() {
      state.follow(played, of: player)
      let flashes = if case .command = played { true } else { false }
      if case .step(let number) = played {
        recorder.marker(player.caption ?? "step \(number)", at: now)
        state.headerSummary = "step \(number) of \(player.stepCount)"
      }
      record(at: now)
      playback.after(played, now: now)
      let next = playback.deadline ?? now
      if flashes {
        let flashEnd = Playback.later(now, by: Flash.milliseconds)
        state.changedPages = []
        if flashEnd < next { record(at: flashEnd) }
      }
      now = next
    }
    state.showPosition(of: player)
    record(at: now)
    try recorder.finish()
  }

  private mutating func record(at milliseconds: UInt64) {
    state.log = player.session.log
    state.faultabilityIndex = FaultabilityIndex.measure(player.session.view)
    recorder.frame(Renderer.render(player.session.view, state, size: size), at: milliseconds)
  }
}
