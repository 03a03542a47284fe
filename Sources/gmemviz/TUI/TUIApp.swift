import GmemModel
import GmemScript
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// The interactive map: render the session, present it, read a key or a click, update, repeat.
/// Curses is touched only through `Terminal`, on this (the main) thread.
@MainActor
struct TUIApp {
  let session: Session
  var state: ViewState
  let terminal: Terminal
  /// Commands typed at `:`, oldest first, and where ↑/↓ are in them.
  var promptHistory: [String] = []
  var promptHistoryIndex: Int?
  /// The script being played (`gmemviz play`), until its last line.
  var play: PlayState?
  /// The asciicast being recorded (`--record`), and when it started (monotonic milliseconds).
  var recorder: AsciicastRecorder?
  var recordingStart: UInt64 = 0
  /// The exit status of a termination signal that arrived during a long operation, acted on once it returned.
  var pendingQuit: Int32?
  /// When the flash of the last operation's cells ends (monotonic milliseconds).
  var flashUntil: UInt64?
  /// How long changed cells flash.
  static let flashMilliseconds: UInt64 = 700
  /// How often a live session is rescanned (milliseconds); nil on the model.
  let rescanInterval: UInt64?
  /// When the next live rescan is due (monotonic milliseconds).
  var nextRescan: UInt64 = 0
  /// The header's fixed part (the kernel's capabilities, or what is attached), before the timeline.
  let headerPrefix: String

  /// An app on `session`, named `backendName` in the header. A live session is rescanned every
  /// `rescanMilliseconds`.
  init(
    session: Session, theme: Theme, ascii: Bool, mouse: Bool, backendName: String = "model",
    headerPrefix: String = "", rescanMilliseconds: UInt64 = 100
  ) throws {
    terminal = try Terminal(mouse: mouse, reportsTerminationSignals: true)
    self.session = session
    self.headerPrefix = headerPrefix
    rescanInterval = session.live == nil ? nil : max(10, rescanMilliseconds)
    let caps = terminal.capabilities
    state = ViewState(
      theme: caps.isMonochrome ? .mono : theme, glyphs: ascii || caps.prefersASCII ? .ascii : .unicode,
      backendName: backendName)
    state.log = session.log
    refreshDerived()
    nextRescan = monotonicMilliseconds() + (rescanInterval ?? 0)
  }

  /// Runs until `q` or a termination signal; always leaves the terminal restored.
  mutating func run() throws {
    defer { terminal.restore() }
    var dirty = true
    while true {
      // Input already waiting (a paste, a held key) is handled before the next frame is drawn: a frame per key
      // would make a paste cost a frame per character.
      let event = terminal.nextEvent(timeoutMilliseconds: dirty ? 0 : nextTimeout())
      if event == nil && dirty {
        let size = ScreenSize(width: terminal.width, height: terminal.height)
        let screen = Renderer.render(session.view, state, size: size)
        _ = terminal.present(screen, theme: state.theme)
        recorder?.frame(screen, at: monotonicMilliseconds() - recordingStart)
        dirty = false
        continue
      }
      guard let event else {
        let now = monotonicMilliseconds()
        if let until = flashUntil, now >= until {
          flashUntil = nil
          state.changedPages = []
          dirty = true
        }
        if let due = play?.playback.deadline, now >= due {
          playDue()
          dirty = true
        }
        if let interval = rescanInterval, now >= nextRescan {
          // Identical frames are skipped by the terminal, so an unchanged kernel state writes nothing.
          session.rescan()
          refreshDerived()
          nextRescan = monotonicMilliseconds() + interval
          dirty = true
        }
        continue
      }
      var reaction = handle(event)
      if let status = pendingQuit { reaction = .quit(status) }
      switch reaction {
      case .redraw: dirty = true
      case .nothing: break
      case .quit(let status):
        terminal.restore()
        finishRecording()
        if let notice = session.teardownNotice { printError(notice) }
        if status != 0 { exit(status) }
        return
      }
    }
  }

  /// Writes the recording, if any; one that cannot be written is reported and the program exits 2.
  private mutating func finishRecording() {
    guard let recorder else { return }
    self.recorder = nil
    do { try recorder.finish() } catch {
      printError("gmemviz play: --record: \(error)")
      exit(2)
    }
  }

  /// How long to wait for input: until the flash ends or the next live rescan, whichever is first; nil to block.
  func nextTimeout() -> Int? {
    let now = monotonicMilliseconds()
    var deadlines: [UInt64] = []
    if let until = flashUntil { deadlines.append(until) }
    if rescanInterval != nil { deadlines.append(nextRescan) }
    if let due = play?.playback.deadline { deadlines.append(due) }
    guard let first = deadlines.min() else { return nil }
    return Playback.timeout(until: first, from: now)
  }

  enum Reaction {
    case redraw
    case nothing
    case quit(Int32)
  }

  mutating func handle(_ event: InputEvent) -> Reaction {
    switch event {
    case .resize:
      return .redraw
    case .terminationRequested(let signal):
      return .quit(128 + signal)
    case .mouse(let m):
      return handleMouse(m)
    case .key(let key):
      if state.prompt != nil { return handlePromptKey(key) }
      if play != nil { return handlePlayKey(key) }
      guard let action = KeyHelp.action(for: key) else { return .nothing }
      return perform(action)
    }
  }

  // MARK: - Actions

  mutating func perform(_ action: KeyAction) -> Reaction {
    let layout = currentLayout()
    let grid = layout.grid(for: state.zoom)
    let last = max(0, session.view.pageCount - 1)
    state.status = nil
    switch action {
    case .moveLeft: state.cursor = grid?.moved(state.cursor, columns: -1) ?? state.cursor
    case .moveRight: state.cursor = grid?.moved(state.cursor, columns: 1) ?? state.cursor
    case .moveUp: state.cursor = grid?.moved(state.cursor, rows: -1) ?? state.cursor
    case .moveDown: state.cursor = grid?.moved(state.cursor, rows: 1) ?? state.cursor
    case .pageUp: state.cursor = grid?.movedByScreen(state.cursor, screens: -1) ?? state.cursor
    case .pageDown: state.cursor = grid?.movedByScreen(state.cursor, screens: 1) ?? state.cursor
    case .first: state.cursor = 0
    case .last: state.cursor = last
    case .zoomIn: state.zoom = state.zoom.zoomedIn
    case .zoomOut: state.zoom = state.zoom.zoomedOut
    case .select: state.selectionAnchor = state.selectionAnchor == nil ? state.cursor : nil
    case .cancel:
      state.showsHelp = false
      state.selectionAnchor = nil
    case .commandLine:
      state.prompt = CommandPrompt()
      promptHistoryIndex = nil
    case .undo: step(session.undo(), "undo", "nothing to undo")
    case .redo: step(session.redo(), "redo", "nothing to redo")
    case .timelineBack: step(session.undo(), "timeline", "at the start of the timeline")
    case .timelineForward: step(session.redo(), "timeline", "at the end of the timeline")
    case .help: state.showsHelp.toggle()
    case .cycleTheme:
      state.theme = state.theme.next
      state.status = "theme: \(state.theme.rawValue)"
    case .redraw:
      terminal.repaint()
    case .quit:
      return .quit(0)
    default:
      let range = layout.targetRange(state)
      guard let command = action.command(for: range) else { return .nothing }
      run(command, text: Statement.command(command).text)
      state.selectionAnchor = nil
    }
    return .redraw
  }

  /// Applies an operation to the session and shows what it did; a long kernel operation shows its progress.
  mutating func run(_ command: Command, text: String) {
    var presenter: ProgressPresenter?
    if let reporter = session.progressReporter {
      let shown = ProgressPresenter(
        terminal: terminal, view: { [session] in session.viewDuringOperation }, state: state, command: text)
      reporter.onProgress = { shown.show($0) }
      presenter = shown
    }
    let result = session.apply(command, text: text)
    session.progressReporter?.onProgress = nil
    if let signal = presenter?.terminationSignal { pendingQuit = 128 + signal }
    show(command, text: text, result: result)
  }

  /// Flashes what `command` changed and puts its outcome in the status bar.
  mutating func show(_ command: Command, text: String, result: OperationResult) {
    state.changedPages = ChangedPages.flashed(by: command, result: result, in: session.view)
    flashUntil = monotonicMilliseconds() + Self.flashMilliseconds
    state.status = "\(text) → \(result.outcome.text)" + (result.detail.map { ": \($0)" } ?? "")
    refreshDerived()
  }

  mutating func step(_ moved: Bool, _ what: String, _ otherwise: String) {
    let (position, count) = session.timeline
    if let reason = session.historyUnavailableReason {
      state.status = "\(what): \(reason)"
      return
    }
    state.status = moved ? "\(what): after operation \(position) of \(count)" : otherwise
    state.changedPages = []
    refreshDerived()
  }

  /// Everything derived from the model once per change rather than once per frame.
  mutating func refreshDerived() {
    state.log = session.log
    state.faultabilityIndex = FaultabilityIndex.measure(session.view)
    state.violations = session.model.map { InvariantChecker.check($0) } ?? []
    state.cursor = min(state.cursor, max(0, session.view.pageCount - 1))
    refreshHeader()
  }

  /// The header's summary (capabilities, timeline, playback) and the hint bar's mode.
  mutating func refreshHeader() {
    let (position, count) = session.timeline
    let timeline = count > position ? "timeline \(position)/\(count)" : ""
    state.headerSummary = [headerPrefix, timeline, playPosition].filter { !$0.isEmpty }.joined(separator: " · ")
    state.isPlaying = play != nil
  }

  func currentLayout() -> ViewLayout {
    ViewLayout(view: session.view, state: state, size: ScreenSize(width: terminal.width, height: terminal.height))
  }

  // MARK: - Mouse

  mutating func handleMouse(_ m: MouseEvent) -> Reaction {
    let layout = currentLayout()
    switch m.action {
    case .press(.left):
      guard let page = layout.hitTest(x: m.x, y: m.y) else { return .nothing }
      if let zoom = layout.zoom(atX: m.x, y: m.y) { state.zoom = zoom }
      state.cursor = page
      return .redraw
    case .scrollUp:
      return perform(.moveUp)
    case .scrollDown:
      return perform(.moveDown)
    default:
      return .nothing
    }
  }

  // MARK: - The `:` command line

  /// Edits the `:` line (see `LineEditor`), walks its history, runs it (Enter) or closes it (Escape, or
  /// Backspace on an empty line). The line is edited in place, so that a key does not copy it.
  mutating func handlePromptKey(_ key: Key) -> Reaction {
    guard state.prompt != nil else { return .nothing }
    switch key {
    case .escape:
      state.prompt = nil
      return .redraw
    case .enter:
      return submit(state.prompt?.text ?? "")
    case .backspace where state.prompt?.line.isEmpty == true:
      state.prompt = nil
      return .redraw
    case .backspace: state.prompt?.line.deleteBackward()
    case .delete: state.prompt?.line.deleteForward()
    case .left: state.prompt?.line.moveLeft()
    case .right: state.prompt?.line.moveRight()
    case .home, .control("a"): state.prompt?.line.moveToStart()
    case .end, .control("e"): state.prompt?.line.moveToEnd()
    case .control("u"): state.prompt?.line.killToStart()
    case .up, .down:
      guard !promptHistory.isEmpty else { return .nothing }
      var i = promptHistoryIndex ?? promptHistory.count
      i = key == .up ? max(0, i - 1) : min(promptHistory.count, i + 1)
      promptHistoryIndex = i
      state.prompt?.line.replace(with: i < promptHistory.count ? promptHistory[i] : "")
    case .character(let c): state.prompt?.line.insert(c)
    default:
      return .nothing
    }
    state.prompt?.error = nil
    return .redraw
  }

  /// Runs one line of the command language; an error stays in the prompt with its column and changes nothing.
  mutating func submit(_ text: String) -> Reaction {
    if !trimmed(text).isEmpty, promptHistory.last != text { promptHistory.append(text) }
    promptHistoryIndex = nil
    let statement: Statement?
    do {
      statement = try Parser.parseLine(text)
    } catch {
      state.prompt?.error = PromptError(column: error.column, message: error.message)
      return .redraw
    }
    state.prompt = nil
    switch statement {
    case nil:
      break
    case .command(let command):
      run(command, text: trimmed(text))
    case .expect(let e):
      let failure = ExpectationCheck.failure(of: e, previous: session.lastResult, view: session.view)
      state.status = "\(text): " + (failure.map { "FAILED: \($0)" } ?? "holds")
      session.note(
        LogEntry(
          sequence: session.sequence, command: text, outcome: failure == nil ? "holds" : "FAILED",
          detail: failure, succeeded: failure == nil))
      refreshDerived()
    case .say(let caption):
      state.caption = caption.isEmpty ? nil : caption
    case .pause, .step:
      state.status = "pause and step are for playback"
    }
    return .redraw
  }

  // MARK: - Helpers

  func trimmed(_ s: String) -> String {
    String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
