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
  let terminal: Terminal
  let file: String
  var playback: Playback
  var state: ViewState
  /// Each pane's flashing pages, and when the flash ends.
  var changed: [[Range<Int>]] = []
  var flashUntil: UInt64?
  var status: String?
  /// The playback keys, with a `g N` being typed.
  var keys = PlaybackKeys()

  /// A compare app on a fresh terminal.
  init(compared: ComparedPlayers, file: String, theme: Theme, ascii: Bool, speed: Double, stopsAtSteps: Bool) throws {
    terminal = try Terminal(mouse: false, reportsTerminationSignals: true)
    self.compared = compared
    self.file = file
    let caps = terminal.capabilities
    state = ViewState(
      theme: caps.isMonochrome ? .mono : theme, glyphs: ascii || caps.prefersASCII ? .ascii : .unicode)
    playback = Playback(speed: speed, stopsAtSteps: stopsAtSteps, now: monotonicMilliseconds())
  }

  /// Runs until `q` or a termination signal; always leaves the terminal restored.
  mutating func run() throws {
    defer { terminal.restore() }
    var dirty = true
    while true {
      if dirty {
        let size = ScreenSize(width: terminal.width, height: terminal.height)
        _ = terminal.present(screen().render(size: size), theme: state.theme)
        dirty = false
      }
      let now = monotonicMilliseconds()
      let deadline = [flashUntil, playback.deadline].compactMap { $0 }.min()
      let timeout = deadline.map { Playback.timeout(until: $0, from: now) }
      guard let event = terminal.nextEvent(timeoutMilliseconds: timeout) else {
        if let until = flashUntil, monotonicMilliseconds() >= until {
          flashUntil = nil
          changed = []
        }
        if let due = playback.deadline, monotonicMilliseconds() >= due { playDue() }
        dirty = true
        continue
      }
      switch event {
      case .terminationRequested(let signal):
        terminal.restore()
        exit(128 + signal)
      case .key(let key):
        if key == .character("q") { return }
        handle(key)
        dirty = true
      case .resize:
        dirty = true
      case .mouse:
        break
      }
    }
  }

  private func screen() -> CompareScreen {
    let paused = playback.isPaused ? " · paused" : ""
    let speed = playback.speed == playback.speed.rounded() ? String(Int(playback.speed)) : String(playback.speed)
    let position = compared.lead.isAtEnd ? "end" : "step \(compared.lead.step) of \(compared.lead.stepCount)"
    return CompareScreen(
      compared: compared, state: state, changed: changed, playbackText: "\(position) · ×\(speed)\(paused)",
      status: status, file: file)
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
      flashUntil = monotonicMilliseconds() + TUIApp.flashMilliseconds
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
    switch key {
    case .character("t"): state.theme = state.theme.next
    case .character("h"): move(columns: -1)
    case .character("l"): move(columns: 1)
    case .character("k"), .up: move(rows: -1)
    case .character("j"), .down: move(rows: 1)
    case .enter: state.zoom = state.zoom.zoomedIn
    case .backspace: state.zoom = state.zoom.zoomedOut
    default: status = "q quits · Space pauses · n/p step"
    }
  }

  private mutating func go(toStep number: Int) {
    let played = compared.go(toStep: number)
    playback.isPaused = true
    changed = []
    for p in played { show(p) }
  }

  private mutating func move(columns: Int = 0, rows: Int = 0) {
    let size = CompareScreen.paneSize(for: ScreenSize(width: terminal.width, height: terminal.height))
    let layout = ViewLayout(view: compared.lead.session.view, state: state, size: size)
    state.cursor = layout.grid(for: state.zoom)?.moved(state.cursor, columns: columns, rows: rows) ?? state.cursor
  }
}
