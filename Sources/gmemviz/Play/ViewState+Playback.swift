import GmemView

// What a played script puts on screen, the same in the terminal, in a headless recording and in an export.
extension ViewState {
  /// The still of `player` where it stands: its caption and last command, nothing flashing, the playback keys.
  mutating func showPosition(of player: ScriptPlayer) {
    caption = player.caption
    captionCommand = player.lastCommand
    changedPages = []
    isPlaying = true
    status = "step \(player.step) of \(player.stepCount)" + (player.isAtEnd ? " · end of script" : "")
  }

  /// What playing one line changes: the caption, the command beside it and the status line, and the cells a
  /// command changed (to flash).
  mutating func follow(_ played: ScriptPlayer.Played, of player: ScriptPlayer) {
    switch played {
    case .command(let command, _, let result):
      changedPages = ChangedPages.flashed(by: command, result: result, in: player.session.view)
      captionCommand = player.lastCommand
      status = (player.lastCommand ?? "") + (result.detail.map { ": \($0)" } ?? "")
    case .expectation(let text, let failure):
      status = failure.map { "\(text): FAILED: \($0)" } ?? "\(text): holds"
    case .caption:
      caption = player.caption
    case .pause:
      break
    case .step(let number):
      status = "step \(number) of \(player.stepCount)"
    }
  }
}
