import GmemModel
import GmemScript
import GmemTerminal
import GmemView
import Testing

@testable import gmemviz

#if canImport(Glibc)
  import Glibc
#endif

/// The update functions the app loop drives, without a terminal: the `:` line widget, a long operation's progress
/// screen, the flash, the view's one reducer, and the session as the target scripts run on.
@Suite("App update functions")
struct AppUpdateTests {
  @Test("the : line widget edits, walks its history with ↑/↓, keeps a line that does not parse open, and closes")
  func promptWidget() {
    var widget = PromptWidget()
    var prompt: CommandPrompt? = widget.open()
    for c in "share 0x1000" {
      let edited = widget.handle(.character(c), &prompt)
      #expect(edited == .edited)
    }
    let share = Statement.command(.convert(.page(0x1000), to: .shared, content: nil))
    let r1 = widget.handle(.enter, &prompt)
    #expect(r1 == .submitted(share, text: "share 0x1000"))
    #expect(prompt == nil)
    prompt = widget.open()
    for c in "shar" { _ = widget.handle(.character(c), &prompt) }
    let r2 = widget.handle(.enter, &prompt)
    #expect(r2 == .edited)
    #expect(prompt?.error != nil && prompt?.text == "shar")
    // ↑ walks back from the newest line (the one that did not parse), ↓ forward to an empty line.
    let r3 = widget.handle(.up, &prompt)
    #expect(r3 == .edited)
    #expect(prompt?.text == "shar" && prompt?.error == nil)
    _ = widget.handle(.up, &prompt)
    #expect(prompt?.text == "share 0x1000")
    let r4 = widget.handle(.down, &prompt)
    #expect(r4 == .edited)
    #expect(prompt?.text == "shar")
    _ = widget.handle(.down, &prompt)
    #expect(prompt?.text == "")
    _ = widget.handle(.up, &prompt)
    #expect(widget.history == ["share 0x1000", "shar"])
    let r5 = widget.handle(.function(5), &prompt)
    #expect(r5 == .ignored)
    let r6 = widget.handle(.control("u"), &prompt)
    #expect(r6 == .edited)
    let r7 = widget.handle(.backspace, &prompt)
    #expect(r7 == .closed)
    #expect(prompt == nil)
    let r8 = widget.handle(.character("x"), &prompt)
    #expect(r8 == .ignored)
  }

  @MainActor
  @Test(
    "a long operation's progress: Esc or a first Ctrl-C stop it, a second Ctrl-C or SIGTERM quit; redrawn every 50 ms")
  func progressScreen() {
    let model = GuestMemfdModel()
    var screen = ProgressScreen(view: { model }, state: ViewState(), command: "allocate 0+4T")
    #expect(screen.handle(.key(.character("x"))) == .nothing)
    #expect(!screen.stopRequested)
    let r9 = screen.handle(.terminationRequested(signal: SIGINT))
    #expect(r9 == .quit(0))
    #expect(screen.stopRequested)
    let r10 = screen.handle(.terminationRequested(signal: SIGINT))
    #expect(r10 == .quit(128 + SIGINT))
    var other = ProgressScreen(view: { model }, state: ViewState(), command: "allocate 0+4T")
    let r11 = other.handle(.key(.escape))
    #expect(r11 == .quit(0))
    let r12 = other.handle(.terminationRequested(signal: SIGTERM))
    #expect(r12 == .quit(128 + SIGTERM))
    let r13 = other.tick(now: 1000)
    #expect(r13)
    let r14 = other.tick(now: 1049)
    #expect(!r14)
    let r15 = other.tick(now: 1050)
    #expect(r15)
    other.show(OperationProgress(call: "fallocate", done: 1 << 40, total: 4 << 40))
    #expect(other.state.status?.hasPrefix("allocate 0+4T: ") == true)
    #expect(other.state.status?.hasSuffix(" · Esc or Ctrl-C stops") == true)
  }

  @Test("a flash ends once, 700 ms after it started")
  func flash() {
    var flash = Flash()
    let r16 = flash.ends(now: 10_000)
    #expect(!r16)
    flash.start(now: 1000)
    #expect(flash.deadline == 1700)
    let r17 = flash.ends(now: 1699)
    #expect(!r17)
    let r18 = flash.ends(now: 1700)
    #expect(r18)
    let r19 = flash.ends(now: 1800)
    #expect(!r19)
  }

  @Test("the view's reducer keeps the cursor inside the file when the state changes")
  func derivedClampsTheCursor() {
    var state = ViewState(cursor: 500)
    state.update(
      .derived(log: [], faultability: FaultabilityIndex.measure(GuestMemfdModel()), violations: [], pageCount: 8))
    #expect(state.cursor == 7)
    state.update(.look(.first, grid: nil, lastPage: 7))
    #expect(state.cursor == 0)
    state.update(.look(.last, grid: nil, lastPage: 7))
    #expect(state.cursor == 7)
  }

  @Test("a session runs script lines as a target: logged once, expectations checked after undo, setup not undoable")
  func sessionAsTarget() throws {
    let session = Session(model: GuestMemfdModel())
    let setup = try Parser.parse("vm sw-protected\ngmem 2M hugetlb=2M\nexpect ok\nexpect EINVAL", file: "t")
    let setupFailures = ScriptRunner(target: SetupTarget(session)).run(setup)
    #expect(setupFailures.map(\.line.number) == [4])
    #expect(session.timeline == (0, 0))
    // The setup logs its commands and only the expectation that failed.
    #expect(session.log.map(\.command) == ["vm sw-protected", "gmem 2M hugetlb=2M", "expect EINVAL"])
    let runner = ScriptRunner(target: session)
    for line in try Parser.parse("bind\nallocate 0x1+0x1000\nexpect EINVAL", file: "t") { _ = runner.execute(line) }
    #expect(session.log.suffix(3).map(\.outcome) == ["ok", "EINVAL", "holds"])
    #expect(session.undo())
    // After undoing the misaligned allocate, the last result is bind's.
    let expectOK = try #require(try Parser.parse("expect ok", file: "t").first)
    #expect(runner.execute(expectOK).passed)
    #expect(session.log.last?.command == "expect ok" && session.log.last?.outcome == "holds")
  }

  @Test("undo and redo keep the log once: undone entries come back on redo, a new operation drops them")
  func undoRedoLog() throws {
    let session = Session(model: GuestMemfdModel())
    let runner = ScriptRunner(target: session)
    let script = "vm sw-protected\ngmem 2M hugetlb=4K\nallocate 0+4K\nexpect ok\nallocate 0x1000+4K\nallocate 0x2000+4K"
    for line in try Parser.parse(script, file: "t") { _ = runner.execute(line) }
    let all = session.log.map(\.command)
    #expect(all.count == 6)
    #expect(session.undo() && session.undo())
    #expect(session.log.map(\.command) == Array(all.prefix(4)), "the expectation noted after an operation stays")
    #expect(session.redo())
    #expect(session.log.map(\.command) == Array(all.prefix(5)))
    #expect(session.redo())
    #expect(session.log.map(\.command) == all)
    #expect(!session.redo())
    #expect(session.undo() && session.undo() && session.undo())
    #expect(session.log.map(\.command) == Array(all.prefix(2)))
    _ = runner.execute(try #require(try Parser.parse("punch 0+4K", file: "t").first))
    #expect(session.log.map(\.command) == Array(all.prefix(2)) + ["punch 0+4K"])
    #expect(!session.redo(), "a new operation drops what was undone")
    #expect(session.timeline == (3, 3))
  }
}
