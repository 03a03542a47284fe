import GmemModel
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// `gmemviz compare` in the terminal: the script plays on every profile together, side by side, with the keys of
/// `gmemviz play`; the cursor and zoom are shared, so both panes always show the same pages.
@MainActor
struct CompareApp {
  let compared: ComparedPlayers
  let loop: AppLoop
  let file: String
  var playback: Playback
  var state: ViewState
  /// Each pane's flashing pages, and their flash.
  var changed: [[Range<Int>]] = []
  var flash = Flash()
  var status: String?
  /// The playback keys, with a `g N` being typed.
  var keys = PlaybackKeys()

  /// A compare app on a fresh terminal.
  init(compared: ComparedPlayers, file: String, theme: Theme, ascii: Bool, speed: Double, stopsAtSteps: Bool) throws {
    loop = try AppLoop(mouse: false)
    self.compared = compared
    self.file = file
    state = loop.viewState(theme: theme, ascii: ascii)
    playback = Playback(speed: speed, stopsAtSteps: stopsAtSteps, now: monotonicMilliseconds())
  }

  /// Runs until `q` or a termination signal; always leaves the terminal restored.
  mutating func run() throws {
    let loop = self.loop
    defer { loop.restore() }
    let status = loop.run(&self)
    loop.restore()
    if status != 0 { exit(status) }
  }

  private func screen() -> CompareScreen {
    let paused = playback.isPaused ? " · paused" : ""
    let position = compared.lead.isAtEnd ? "end" : "step \(compared.lead.step) of \(compared.lead.stepCount)"
    return CompareScreen(
      compared: compared, state: state, changed: changed,
      playbackText: "\(position) · ×\(playback.speedText)\(paused)", status: status, file: file)
  }

  /// Plays every line due now on every profile.
  private mutating func playDue() {
    while let due = playback.deadline, due <= monotonicMilliseconds() {
      guard let played = compared.playNext() else {
        playback.isPaused = true
        status = "end of script"
        return
      }
      show(played)
      playback.after(played[0], now: monotonicMilliseconds())
    }
  }

  private mutating func show(_ played: [ScriptPlayer.Played]) {
    var flashed: [[Range<Int>]] = []
    for (player, p) in zip(compared.players, played) {
      if case .command(let command, _, let result) = p {
        flashed.append(ChangedPages.flashed(by: command, result: result, in: player.session.view))
      } else {
        flashed.append([])
      }
    }
    if flashed.contains(where: { !$0.isEmpty }) {
      changed = flashed
      flash.start(now: monotonicMilliseconds())
    }
  }

  private mutating func handle(_ key: Key) {
    status = nil
    if let request = keys.request(for: key) {
      switch request {
      case .togglePause:
        if playback.isPaused { playback.resume(now: monotonicMilliseconds()) } else { playback.isPaused = true }
      case .nextStep: go(toStep: compared.lead.step + 1)
      case .goToStep(let number): go(toStep: number)
      case .previousStep:
        compared.back()
        playback.isPaused = true
        changed = []
      case .restart:
        compared.go(toStep: 0)
        playback.resume(now: monotonicMilliseconds())
        changed = []
      case .faster, .slower: playback.changeSpeed(faster: request == .faster)
      case .typing(let digits): status = PlaybackKeys.prompt(digits)
      case .cancelled, .quit: break
      }
      return
    }
    // The map's keys that compare takes, from the one key table: moving, zooming, the help and the theme.
    switch KeyHelp.action(for: key) {
    case .cycleTheme: state.theme = state.theme.next
    case .moveLeft: move(columns: -1)
    case .moveRight: move(columns: 1)
    case .moveUp: move(rows: -1)
    case .moveDown: move(rows: 1)
    case .zoomIn: state.zoom = state.zoom.zoomedIn
    case .zoomOut: state.zoom = state.zoom.zoomedOut
    case .help: state.showsHelp.toggle()
    case .cancel: state.showsHelp = false
    default: status = "q quits · Space pauses · n/p step · ? help"
    }
  }

  private mutating func go(toStep number: Int) {
    let played = compared.go(toStep: number)
    playback.isPaused = true
    changed = []
    for p in played { show(p) }
  }

  private mutating func move(columns: Int = 0, rows: Int = 0) {
    let size = CompareScreen.paneSize(for: loop.size)
    let layout = ViewLayout(view: compared.lead.session.view, state: state, size: size)
    state.cursor = layout.grid(for: state.zoom)?.moved(state.cursor, columns: columns, rows: rows) ?? state.cursor
  }
}

extension CompareApp: AppScreen {
  /// The first of: the flash's end, the next line of the script.
  var nextDeadline: UInt64? { [flash.deadline, playback.deadline].compactMap { $0 }.min() }

  var theme: Theme { state.theme }

  mutating func handle(_ event: InputEvent) -> Reaction {
    switch event {
    case .terminationRequested(let signal):
      return .quit(128 + signal)
    case .key(.character("q")):
      return .quit(0)
    case .key(let key) where KeyHelp.action(for: key) == .redraw:
      return .repaint
    case .key(let key):
      handle(key)
      return .redraw
    case .resize:
      return .redraw
    case .mouse:
      return .nothing
    }
  }

  mutating func tick(now: UInt64) -> Bool {
    if flash.ends(now: now) { changed = [] }
    if let due = playback.deadline, now >= due { playDue() }
    return true
  }

  func render(size: ScreenSize) -> Screen {
    screen().render(size: size)
  }
}
