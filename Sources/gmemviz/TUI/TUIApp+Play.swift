import GmemModel
import GmemTerminal
import GmemView

// `gmemviz play`: the script plays on its clock; Space pauses, n/→ and p/← step, +/- change the speed, g N jumps,
// r restarts, q quits. Navigation keys still move and zoom. After the last line every key explores as in gmemviz.
extension TUIApp {
  /// Plays every line that is due now; at the end, hands the keys over to exploring.
  mutating func playDue() {
    guard let play else { return }
    while let due = play.playback.deadline, due <= monotonicMilliseconds(), let played = play.player.playNext() {
      show(played, player: play.player)
      play.playback.after(played, now: monotonicMilliseconds())
    }
    finishIfAtEnd()
    refreshHeader()
  }

  /// The key while a script plays: a playback key, a navigation key, or a hint.
  mutating func handlePlayKey(_ key: Key) -> Reaction {
    guard let play else { return .nothing }
    defer {
      finishIfAtEnd()
      refreshHeader()
    }
    guard let request = play.keys.request(for: key) else {
      guard let action = KeyHelp.action(for: key) else { return .nothing }
      if Self.navigates(action) { return perform(action) }
      state.update(.status(Self.playHint))
      return .redraw
    }
    switch request {
    case .togglePause:
      if play.playback.isPaused {
        play.playback.resume(now: monotonicMilliseconds())
        state.update(.status("playing at ×\(play.playback.speedText)"))
      } else {
        play.playback.isPaused = true
        state.update(.status("paused at step \(play.player.step) of \(play.player.stepCount) · Space resumes"))
      }
    case .nextStep: jump(play, toStep: play.player.step + 1)
    case .goToStep(let number): jump(play, toStep: number)
    case .previousStep:
      play.player.back()
      play.playback.isPaused = true
      showCheckpoint(play.player)
    case .faster, .slower:
      play.playback.changeSpeed(faster: request == .faster)
      state.update(.status("speed ×\(play.playback.speedText)"))
    case .typing(let digits): state.update(.status(PlaybackKeys.prompt(digits)))
    case .cancelled: state.update(.status(nil))
    case .restart:
      play.player.restart()
      play.playback.resume(now: monotonicMilliseconds())
      showCheckpoint(play.player)
    case .quit:
      return .quit(0)
    }
    return .redraw
  }

  /// Where playback is, for the header: `step 3 of 17 · ×2 · paused`.
  var playPosition: String {
    guard let play else { return "" }
    let paused = play.playback.isPaused ? " · paused" : ""
    return "step \(play.player.step) of \(play.player.stepCount) · ×\(play.playback.speedText)\(paused)"
  }

  /// The hint shown when a key does nothing while a script plays.
  static let playHint = "playing: Space pause · n/→ next step · p/← previous · +/- speed · g N go to step · r restart"

  /// Actions that only look (move, zoom, help, theme) or redraw, allowed while a script plays.
  static func navigates(_ action: KeyAction) -> Bool {
    ViewState.looks(action) || action == .redraw
  }

  /// Goes to step `number` and stops there: forward by playing the lines in between (their changes flash
  /// together), back by restoring the checkpoint.
  private mutating func jump(_ play: PlayState, toStep number: Int) {
    let before = play.player.step
    let played = play.player.go(toStep: number)
    play.playback.isPaused = true
    var changed: [Range<Int>] = []
    for p in played {
      show(p, player: play.player)
      changed += state.changedPages
    }
    if number < before || played.isEmpty { showCheckpoint(play.player) }
    state.update(.flash(changed))
    state.update(.status("step \(play.player.step) of \(play.player.stepCount) · paused · Space plays on"))
  }

  /// Shows the state restored at a checkpoint.
  private mutating func showCheckpoint(_ player: ScriptPlayer) {
    state.update(.position(of: player))
    refreshDerived()
  }

  /// Shows what playing one line did: the caption, the command beside it and the cells it changed; a marker in
  /// the recording at each step.
  mutating func show(_ played: ScriptPlayer.Played, player: ScriptPlayer) {
    state.update(.played(played, of: player))
    switch played {
    case .command:
      flash.start(now: monotonicMilliseconds())
      refreshDerived()
    case .expectation:
      refreshDerived()
    case .step(let number):
      recorder?.marker(player.caption ?? "step \(number)", at: monotonicMilliseconds() - recordingStart)
    case .caption, .pause:
      break
    }
  }

  /// After the last line: exploring from the final state, every key as in gmemviz. The played lines are the
  /// session's start now, as a `--script` file's are: `:save` writes them as they played (`say`, `pause` and
  /// `step` included, so the saved file plays the same story), and undo and the timeline begin after them.
  mutating func finishIfAtEnd() {
    guard let play, play.player.isAtEnd else { return }
    let failed = play.player.failures.count
    let failures = failed > 0 ? " · \(failed) expectation(s) FAILED" : ""
    state.update(.status("end · exploring: every key works as in gmemviz" + failures))
    let failure = Dictionary(play.player.failures, uniquingKeysWith: { first, _ in first })
    opening.lines = play.player.lines.map { SessionOpening.Line(source: $0.source, failure: failure[$0.number]) }
    opening.logCount = session.log.count
    session.forgetHistory()
    self.play = nil
  }
}
