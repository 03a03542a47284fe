import GmemModel
import GmemScript
import GmemTerminal
import GmemView

// What a key or a click does on the map: look around, open the `:` line, run an operation, step the timeline.
extension TUIApp {
  mutating func handle(_ event: InputEvent) -> Reaction {
    let reaction: Reaction
    switch event {
    case .resize:
      reaction = .redraw
    case .terminationRequested(let signal):
      reaction = .quit(128 + signal)
    case .mouse(let m):
      reaction = handleMouse(m)
    case .key(let key) where overwriteQuestion != nil:
      reaction = answerOverwrite(key)
    case .key(let key) where state.prompt != nil:
      reaction = handlePromptKey(key)
    case .key(let key) where play != nil:
      reaction = handlePlayKey(key)
    case .key(let key):
      if let action = KeyHelp.action(for: key) {
        reaction = perform(action)
      } else {
        reaction = .nothing
      }
    }
    return pendingQuit.map { .quit($0) } ?? reaction
  }

  // MARK: - Actions

  mutating func perform(_ action: KeyAction) -> Reaction {
    let layout = currentLayout()
    state.update(.status(nil))
    if let history, [.timelineBack, .timelineForward, .live].contains(action) {
      scrub(history, action)
      return .redraw
    }
    if ViewState.looks(action) {
      state.update(.look(action, grid: layout.grid(for: state.zoom), lastPage: max(0, session.view.pageCount - 1)))
      return .redraw
    }
    switch action {
    case .commandLine: state.update(.prompt(prompt.open()))
    case .save: state.update(.prompt(prompt.open("save ")))
    case .undo: step(session.undo(), "undo", "nothing to undo")
    case .redo: step(session.redo(), "redo", "nothing to redo")
    case .timelineBack: step(session.undo(), "timeline", "at the start of the timeline")
    case .timelineForward: step(session.redo(), "timeline", "at the end of the timeline")
    case .live: state.update(.status(Self.noScanHistory))
    case .redraw: return .repaint
    case .quit: return .quit(0)
    default:
      let range = layout.targetRange(state)
      guard let command = action.command(for: range) else { return .nothing }
      if let refusal = scrubbingRefusal {
        state.update(.status(refusal))
        return .redraw
      }
      let line = ScriptLine(number: 1, statement: .command(command), source: Statement.command(command).text)
      show(command, run(line))
      state.update(.deselect)
    }
    return .redraw
  }

  /// Runs `line` on the session; a long operation shows its progress meanwhile (Esc or Ctrl-C stop it), and a termination signal
  /// that arrives during it is kept in `pendingQuit`.
  mutating func run(_ line: ScriptLine) -> StepRecord {
    let progress = ProgressPresenter(
      loop: loop, view: { [session] in session.viewDuringOperation }, state: state, command: line.source)
    let record = progress.watching(session.progressReporter) { runner.execute(line) }
    if let signal = progress.terminationSignal { pendingQuit = 128 + signal }
    return record
  }

  /// Flashes what `command` (run as `record`) changed and puts its outcome in the status bar.
  mutating func show(_ command: Command, _ record: StepRecord) {
    let result = record.result ?? OperationResult(outcome: .ok)
    let pages = ChangedPages.flashed(by: command, result: result, in: session.view)
    state.update(.operation(text: record.line.source, result: result, pages: pages))
    flash.start(now: monotonicMilliseconds())
    recordScan(flashing: false)
    refreshDerived()
  }

  mutating func step(_ moved: Bool, _ what: String, _ otherwise: String) {
    let (position, count) = session.timeline
    if let reason = session.historyUnavailableReason {
      state.update(.status("\(what): \(reason)"))
      return
    }
    state.update(.status(moved ? "\(what): after operation \(position) of \(count)" : otherwise))
    state.update(.flash([]))
    refreshDerived()
  }

  // MARK: - Mouse

  mutating func handleMouse(_ m: MouseEvent) -> Reaction {
    let layout = currentLayout()
    switch m.action {
    case .press(.left):
      guard let page = layout.hitTest(x: m.x, y: m.y) else { return .nothing }
      state.update(.click(page: page, zoom: layout.zoom(atX: m.x, y: m.y)))
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

  /// A key while the `:` line is open (see `PromptWidget`); Enter runs the line.
  mutating func handlePromptKey(_ key: Key) -> Reaction {
    switch prompt.handle(key, &state.prompt) {
    case .ignored: return .nothing
    case .edited, .closed: return .redraw
    case .submitted(let statement, let text):
      submit(statement, text: text)
      return .redraw
    case .file(let command, let text):
      run(command, text: text)
      return .redraw
    }
  }

  /// Runs one line of the command language, written `text`.
  mutating func submit(_ statement: Statement?, text: String) {
    guard let statement else { return }
    if case .command = statement, let refusal = scrubbingRefusal {
      state.update(.status(refusal))
      return
    }
    let record = run(ScriptLine(number: 1, statement: statement, source: text.trimmingBlanks))
    switch statement {
    case .command(let command):
      show(command, record)
    case .expect:
      state.update(.status("\(text): " + (record.failure.map { "FAILED: \($0)" } ?? "holds")))
      refreshDerived()
    case .say(let caption):
      state.update(.caption(caption.isEmpty ? nil : caption))
    case .pause, .step:
      state.update(.status("pause and step are for playback"))
    }
  }
}
