import GmemKVM
import GmemModel
import GmemScript
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// The interactive map as a screen of the app loop: what a key, a click or time does to the session and to the
/// view, and what the view looks like.
@MainActor
struct TUIApp {
  let session: Session
  /// Runs what the keys and the `:` line ask for on the session.
  let runner: ScriptRunner
  var state: ViewState
  /// The loop the map runs in, and through it the terminal.
  let loop: AppLoop
  /// The `:` command line's keys and history.
  var prompt = PromptWidget()
  /// The lines that opened the session, which `:save` writes before its operations.
  var opening = SessionOpening()
  /// The file `:save` asks about replacing (y/n), while it asks.
  var overwriteQuestion: String?
  /// The script being played (`gmemviz play`), until its last line.
  var play: PlayState?
  /// The asciicast being recorded (`--record`), and when it started (monotonic milliseconds).
  private(set) var recorder: AsciicastRecorder?
  private(set) var recordingStart: UInt64 = 0
  /// The command that records, for the message when the recording cannot be written.
  private var recordingCommand = "play"
  /// The exit status of a termination signal that arrived during a long operation, acted on once it returned.
  var pendingQuit: Int32?
  /// The flash of the last operation's cells.
  var flash = Flash()
  /// How often a live session is rescanned (milliseconds); nil on the model.
  let rescanInterval: UInt64?
  /// When the next live rescan is due (monotonic milliseconds).
  var nextRescan: UInt64 = 0
  /// What changed between the live scans, for `[` and `]` to scrub; nil on the model.
  let history: ScanHistory?
  /// The header's fixed part (the kernel's capabilities, or what is attached), before the timeline.
  let headerPrefix: String
  /// Whether the model's invariant checker runs after every change (`--check-invariants`) to mark violations
  /// with `!`: it walks the whole state, so on a huge split file it costs far more than the change itself.
  let checksInvariants: Bool

  /// An app on `session`, named `backendName` in the header. A live session is rescanned every
  /// `rescanMilliseconds` and keeps up to `historyBytes` of what changed between scans. With `checkInvariants`, the
  /// model's invariants are checked after every change.
  init(
    session: Session, theme: Theme, ascii: Bool, mouse: Bool, backendName: String = "model",
    headerPrefix: String = "", rescanMilliseconds: UInt64 = 100, historyBytes: Int = ScanHistory.defaultByteLimit,
    checkInvariants: Bool = false
  ) throws {
    loop = try AppLoop(mouse: mouse)
    self.session = session
    runner = ScriptRunner(target: session)
    self.headerPrefix = headerPrefix
    checksInvariants = checkInvariants
    rescanInterval = session.live == nil ? nil : max(10, rescanMilliseconds)
    history =
      session.live == nil ? nil : ScanHistory(start: session.view, at: WallClock.now(), byteLimit: historyBytes)
    state = loop.viewState(theme: theme, ascii: ascii, backendName: backendName)
    refreshDerived()
    nextRescan = monotonicMilliseconds() + (rescanInterval ?? 0)
  }

  /// The terminal the map is drawn on.
  var terminal: Terminal { loop.terminal }

  /// Runs until `q` or a termination signal; always leaves the terminal restored.
  mutating func run() throws {
    let loop = self.loop
    defer { loop.restore() }
    let status = loop.run(&self)
    loop.restore()
    finishRecording()
    if let notice = session.teardownNotice { printError(notice) }
    if status != 0 { exit(status) }
  }

  /// Records every frame from now on, and a marker at each step, to `recorder` (for `gmemviz command`).
  mutating func record(to recorder: AsciicastRecorder, command: String = "play") {
    self.recorder = recorder
    recordingCommand = command
    recordingStart = monotonicMilliseconds()
  }

  /// Writes the recording, if any; one that cannot be written is reported and the program exits 2 (141, quietly,
  /// when it goes to a pipe whose reader went away).
  private mutating func finishRecording() {
    guard let recorder else { return }
    self.recorder = nil
    do { try recorder.finish() } catch {
      if error.readerWentAway { exit(WriteError.readerGoneStatus) }
      printError("gmemviz \(recordingCommand): --record: \(error)")
      exit(2)
    }
  }

  /// Everything derived from the model once per change rather than once per frame.
  mutating func refreshDerived() {
    state.update(
      .derived(
        log: session.log, faultability: FaultabilityIndex.measure(shownView),
        violations: checksInvariants ? session.model.map { InvariantChecker.check($0) } ?? [] : [],
        pageCount: shownView.pageCount))
    refreshHeader()
  }

  /// The header's summary (capabilities, timeline, playback) and the hint bar's mode.
  mutating func refreshHeader() {
    let (position, count) = session.timeline
    let timeline = count > position ? "timeline \(position)/\(count)" : ""
    // A narrow header keeps the summary's first parts (the kernel's flags first), and its marker whatever the width:
    // LIVE, or the scan shown while scrubbing.
    let summary = [headerPrefix, timeline, playPosition].filter { !$0.isEmpty }.joined(separator: " · ")
    state.update(.header(summary, marker: historyPosition, isPlaying: play != nil))
  }

  func currentLayout() -> ViewLayout {
    ViewLayout(view: session.view, state: state, size: loop.size)
  }
}

extension TUIApp: AppScreen {
  /// The first of: the flash's end, the next live rescan, the next line of the script.
  var nextDeadline: UInt64? {
    [flash.deadline, rescanInterval.map { _ in nextRescan }, play?.playback.deadline].compactMap { $0 }.min()
  }

  var theme: Theme { state.theme }

  mutating func tick(now: UInt64) -> Bool {
    var changed = false
    if flash.ends(now: now) {
      state.update(.flash([]))
      changed = true
    }
    if let due = play?.playback.deadline, now >= due {
      playDue()
      changed = true
    }
    if let interval = rescanInterval, now >= nextRescan {
      // Identical frames are skipped by the terminal, so an unchanged kernel state writes nothing.
      session.rescan()
      recordScan(flashing: true)
      refreshDerived()
      nextRescan = monotonicMilliseconds() + interval
      changed = true
    }
    return changed
  }

  func render(size: ScreenSize) -> Screen {
    Renderer.render(shownView, state, size: size)
  }

  mutating func presented(_ screen: Screen) {
    recorder?.frame(screen, at: monotonicMilliseconds() - recordingStart)
  }
}
