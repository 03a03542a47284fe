import GmemModel
import GmemView
import Testing

/// The screen as text at the sizes that matter (issue 3 "Tests"); review changes by eye before recording.
@Suite("Screen snapshots")
struct SnapshotTests {
  static let sizes = [(80, 24), (120, 40), (200, 60)]

  private func check(
    _ name: String, _ scenario: (ScriptedSession, ViewState), sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (session, state) = scenario
    for (w, h) in Self.sizes {
      Snapshot.assert(
        Snapshot.text(session.screen(state, w, h)), named: "\(name)-\(w)x\(h)", sourceLocation: sourceLocation)
    }
  }

  @Test func defaultSession() { check("default", Scenario.defaultSession()) }

  @Test func oneSplitFolio() { check("split", Scenario.oneSplitFolio()) }

  @Test func pinBlocksMerge() { check("pin-blocks-merge", Scenario.pinBlocksMerge()) }

  @Test func failedConversion() { check("failed-conversion", Scenario.failedConversion()) }

  @Test(arguments: ZoomLevel.allCases)
  func zoomLevel(_ zoom: ZoomLevel) { check("zoom-\(zoom.name)", Scenario.mixed(zoom: zoom)) }

  @Test func helpOverlay() {
    let (session, opening) = Scenario.defaultSession()
    var state = opening
    state.showsHelp = true
    check("help", (session, state))
  }

  @Test func tooSmall() {
    let (session, state) = Scenario.defaultSession()
    Snapshot.assert(Snapshot.text(session.screen(state, 30, 10)), named: "too-small-30x10")
    Snapshot.assert(Snapshot.text(session.screen(state, 39, 12)), named: "too-small-39x12")
  }

  @Test func minimumSize() {
    let (session, state) = Scenario.oneSplitFolio()
    Snapshot.assert(Snapshot.text(session.screen(state, 40, 12)), named: "split-40x12")
  }

  /// The style layer of a frame with a selection, a flash and the cursor.
  @Test func styleLayer() {
    let (session, opening) = Scenario.oneSplitFolio(zoom: .block)
    var state = opening
    state.cursor = 4
    state.selectionAnchor = 12
    state.changedPages = [1..<2]
    Snapshot.assert(Snapshot.styles(session.screen(state, 80, 24)), named: "styles-split-80x24")
  }

  @Test func commandLineError() {
    let (session, opening) = Scenario.oneSplitFolio()
    var state = opening
    state.prompt = CommandPrompt(
      text: "share 0x1000+4Q", error: PromptError(column: 14, message: "expected a NUMBER, found `4Q`"))
    Snapshot.assert(Snapshot.text(session.screen(state, 80, 24)), named: "prompt-error-80x24")
  }

  @Test func asciiGlyphs() {
    let (session, opening) = Scenario.mixed(zoom: .folio)
    var state = opening
    state.glyphs = .ascii
    state.theme = .mono
    Snapshot.assert(Snapshot.text(session.screen(state, 80, 24)), named: "ascii-80x24")
  }

  @Test func violationsInPlace() {
    let (session, opening) = Scenario.oneSplitFolio(zoom: .block)
    var state = opening
    state.violations = [
      Violation(rule: "a mapped page is faulted in", offset: 0x3000, detail: "host PTE on an unfaultable page")
    ]
    Snapshot.assert(Snapshot.text(session.screen(state, 80, 24)), named: "violation-80x24")
  }

  @Test func oneTebibyte() {
    let session = ScriptedSession(
      """
      profile rfc1
      vm snp
      gmem 1T hugetlb=1G
      bind
      allocate 0+1T
      private 0+1T
      share 0x1000
      share 0x4000000000+4K
      """, fresh: true)
    let state = session.state(zoom: .file, cursor: 0x40_0000_0000 >> 12)
    Snapshot.assert(Snapshot.text(session.screen(state, 120, 40)), named: "1tib-file-120x40")
    Snapshot.assert(Snapshot.text(session.screen(state, 80, 24)), named: "1tib-file-80x24")
  }

  /// A 320-column terminal takes rows of 256 cells: a folio in two rows, 36 blocks of pages at once.
  @Test func wideRows() {
    let (session, state) = Scenario.mixed(zoom: .block)
    Snapshot.assert(Snapshot.text(session.screen(state, 320, 90)), named: "zoom-block-320x90")
  }
}
