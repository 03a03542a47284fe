import GmemTerminal
import GmemView

/// The one event loop every screen runs in (as htop's ScreenManager): wait for input or the screen's next
/// deadline, dispatch the event or the tick, and present when something changed. Curses is touched only through
/// `Terminal`, on this (the main) thread.
@MainActor
struct AppLoop {
  let terminal: Terminal

  /// A loop on a fresh terminal, which reports termination signals as events.
  init(mouse: Bool) throws {
    terminal = try Terminal(mouse: mouse, reportsTerminationSignals: true)
  }

  /// The terminal's size now.
  var size: ScreenSize { ScreenSize(width: terminal.width, height: terminal.height) }

  /// A view in `theme` with `ascii` glyphs, as this terminal can show them: the mono theme on a terminal without
  /// colours, ASCII glyphs on one that cannot show Unicode.
  func viewState(theme: Theme, ascii: Bool, backendName: String = "model") -> ViewState {
    let caps = terminal.capabilities
    return ViewState(
      theme: caps.isMonochrome ? .mono : theme, glyphs: ascii || caps.prefersASCII ? .ascii : .unicode,
      backendName: backendName)
  }

  /// Serves `screen` until it quits, and returns its status. Input already waiting (a paste, a held key) is
  /// handled before the next frame is drawn: a frame per key would make a paste cost a frame per character.
  func run(_ screen: inout some AppScreen) -> Int32 {
    var dirty = true
    while true {
      let timeout = dirty ? 0 : screen.nextDeadline.map { Playback.timeout(until: $0, from: monotonicMilliseconds()) }
      guard let event = terminal.nextEvent(timeoutMilliseconds: timeout) else {
        if dirty {
          present(&screen)
          dirty = false
        } else if screen.tick(now: monotonicMilliseconds()) {
          dirty = true
        }
        continue
      }
      switch screen.handle(event) {
      case .redraw: dirty = true
      case .nothing: break
      case .repaint:
        terminal.repaint()
        dirty = true
      case .quit(let status): return status
      }
    }
  }

  /// One pass for a screen shown while this thread is busy (a long operation reporting its progress): handles the
  /// input already waiting, and presents the screen when its tick says so. Returns the status the screen quit
  /// with, if it did (other keys are the screen's to drop).
  func pump(_ screen: inout some AppScreen) -> Int32? {
    while let event = terminal.nextEvent(timeoutMilliseconds: 0) {
      if case .quit(let status) = screen.handle(event) { return status }
    }
    if screen.tick(now: monotonicMilliseconds()) { present(&screen) }
    return nil
  }

  /// The input waiting now, dropped, except a termination signal, which is returned.
  func pendingTerminationSignal() -> Int32? {
    while let event = terminal.nextEvent(timeoutMilliseconds: 0) {
      if case .terminationRequested(let signal) = event { return signal }
    }
    return nil
  }

  /// Draws `screen` as it is now.
  func present(_ screen: inout some AppScreen) {
    let frame = screen.render(size: size)
    _ = terminal.present(frame, theme: screen.theme)
    screen.presented(frame)
  }

  /// Leaves the terminal as it was before the loop.
  func restore() {
    terminal.restore()
  }
}
