import GmemModel
import GmemView
import Testing

/// What the screen says while `gmemviz play` plays a script: the playback keys in the hint bar and the help, the
/// step in the header, and the command beside the caption.
@Suite("Playback view")
struct PlaybackViewTests {
  private func playing(_ size: ScreenSize) -> [String] {
    let (session, base) = Scenario.oneSplitFolio()
    var state = base
    state.isPlaying = true
    state.caption = "the guest shares one 4 KiB page"
    state.captionCommand = "share 0x1000 → ok"
    state.headerSummary = "step 2 of 17 · ×1 · paused"
    return Renderer.render(session.model, state, size: size).lines
  }

  @Test("the hint bar and the header are playback's", arguments: [(80, 24), (100, 30), (200, 60)])
  func hintAndHeader(_ size: (Int, Int)) {
    let lines = playing(ScreenSize(width: size.0, height: size.1))
    #expect(lines.last?.contains("Space pause") == true, "\(lines.last ?? "")")
    #expect(lines.last?.contains("n/→ next step") == true)
    #expect(lines.last?.contains("share") == false, "no operation keys while playing")
    #expect(lines[0].contains("step 2 of 17 · ×1 · paused"), "\(lines[0])")
    #expect(lines.contains { $0.contains("the guest shares one 4 KiB page") && $0.contains("share 0x1000 → ok") })
  }

  @Test("the help overlay lists the playback keys and no operation", arguments: [(80, 24), (120, 40)])
  func help(_ size: (Int, Int)) {
    let (session, base) = Scenario.oneSplitFolio()
    var state = base
    state.isPlaying = true
    state.showsHelp = true
    let text = Renderer.render(session.model, state, size: ScreenSize(width: size.0, height: size.1)).lines
      .joined(separator: "\n")
    #expect(text.contains("Playback"))
    #expect(text.contains("previous step"))
    #expect(!text.contains("Operate"), "operations wait for the end of the script")
    // The key's words, not "undone" in the inspector's "HVO undone".
    #expect(!text.contains(" undo "))
  }
}
