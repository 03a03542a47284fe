import CNcurses
import CNcursesShim
import GmemView

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal, in full-screen curses mode: the only place in gmemviz that calls curses.
///
/// Create one when the interface starts; it takes over the terminal (alternate screen, no echo, keys one at a
/// time, hidden cursor, mouse if available). ``present(_:theme:cursor:)`` shows a frame,
/// ``nextEvent(timeoutMilliseconds:)`` waits for a key, a mouse event, a resize or a termination request, and
/// ``restore()`` gives the terminal back.
/// Every curses call happens on the main actor, so curses is only ever used from one thread; signal handlers
/// never call curses except on the paths where the process is dying anyway (a crash, or a second termination
/// signal while the first is not yet handled).
///
/// The terminal is restored on every way out:
/// - ``restore()`` (idempotent), which the program calls before it exits;
/// - SIGINT (Ctrl-C), SIGTERM, SIGHUP and SIGQUIT: by default the next ``nextEvent(timeoutMilliseconds:)``
///   restores the terminal and the process dies by that signal (the shell sees status 128 + signal); with
///   `reportsTerminationSignals` the program gets ``InputEvent/terminationRequested(signal:)`` instead;
/// - SIGTSTP (Ctrl-Z): the terminal is restored and the process stops; on SIGCONT it re-enters curses and
///   repaints the last frame in full;
/// - SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE (a Swift trap is SIGILL or SIGTRAP): a C handler leaves
///   curses and re-raises, so the process still crashes with the same signal and backtrace;
/// - `exit()` without ``restore()``: an atexit hook leaves curses.
///
/// While curses owns the screen, standard error (if it is the terminal) goes to an in-memory file, and is
/// written to the terminal when curses leaves, on every path above: a Swift fatal error's message, or a stray
/// log line, is shown after the screen is restored instead of corrupting the map or vanishing with the
/// alternate screen. Standard output is the screen: never print to it while the terminal is active.
@MainActor
public final class Terminal {
  /// What the terminal can show, detected at start.
  public let capabilities: TerminalCapabilities
  /// The number of columns.
  public internal(set) var width: Int
  /// The number of rows.
  public internal(set) var height: Int
  /// Whether the terminal is still in curses mode, that is ``restore()`` has not been called.
  public internal(set) var isActive = true
  /// Whether SIGINT, SIGTERM, SIGHUP and SIGQUIT are reported as ``InputEvent/terminationRequested(signal:)``
  /// (true) or restore the terminal and kill the process as soon as ``nextEvent(timeoutMilliseconds:)`` sees
  /// them (false, the default).
  public var reportsTerminationSignals: Bool

  let window: UnsafeMutablePointer<WINDOW>
  let screen: OpaquePointer
  let signalDescriptor: Int32
  var colorPairs: ColorPairTable?
  /// The last screen presented and its theme; its top-left `drawnWidth` × `drawnHeight` cells are drawn.
  var drawnScreen = Screen(size: ScreenSize(width: 0, height: 0))
  var drawnTheme = Theme.dark
  var drawnWidth = 0
  var drawnHeight = 0
  var drawnCursor: (x: Int, y: Int)?
  /// Whether the next ``present(_:theme:cursor:)`` must draw even if the frame is unchanged.
  var needsFullDraw = true
  var cursorVisible = false
  var reportedWidth: Int
  var reportedHeight: Int
  var glyphBuffer: [wchar_t] = []

  /// Starts curses on the process's terminal (standard input and output).
  ///
  /// Sets the locale from the environment, then sets up curses: cbreak (so Ctrl-C, Ctrl-Z and Ctrl-\ stay
  /// signals), no echo, no newline translation, keypad keys, a hidden cursor, a 25 ms escape delay, colours on
  /// the terminal's default background when the terminal has them, and the mouse (no click interval) when
  /// `mouse` is true and the terminal supports it.
  ///
  /// - Parameters:
  ///   - mouse: Whether to ask for mouse events.
  ///   - reportsTerminationSignals: See ``reportsTerminationSignals``.
  /// - Throws: ``TerminalError`` when standard input or output is not a terminal, another `Terminal` is
  ///   active, or curses cannot drive this terminal type.
  public init(mouse: Bool = true, reportsTerminationSignals: Bool = false) throws(TerminalError) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
    guard gmem_curses_active() == 0 else { throw .alreadyActive }
    self.reportsTerminationSignals = reportsTerminationSignals

    setlocale(LC_ALL, "")
    let terminalType = Terminal.environment("TERM") ?? ""
    let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
    let noColor = !(Terminal.environment("NO_COLOR") ?? "").isEmpty

    let descriptor = gmem_signals_install()
    guard descriptor >= 0 else { throw .system(errno) }
    gmem_crash_handlers_install()
    gmem_atexit_install()
    _ = gmem_stderr_capture_begin()

    guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
      let screen = newterm(nil, output, input)
    else {
      gmem_stderr_capture_end()
      gmem_signals_uninstall()
      gmem_crash_handlers_uninstall()
      throw .unsupportedTerminal(terminalType)
    }
    set_term(screen)
    gmem_set_curses_active(1)
    let window = gmem_stdscr()!
    self.screen = screen
    self.window = window
    self.signalDescriptor = descriptor

    cbreak()
    noecho()
    nonl()
    intrflush(window, false)
    keypad(window, true)
    leaveok(window, true)
    curs_set(0)
    set_escdelay(25)
    wtimeout(window, 0)

    var monochrome = noColor || terminalType == "dumb" || !has_colors()
    var colorCount = 0
    if !monochrome, start_color() == OK {
      let defaultColors = use_default_colors() == OK
      colorCount = Int(gmem_colors())
      colorPairs = ColorPairTable(
        colors: colorCount, pairLimit: Int(gmem_color_pairs()), defaultColors: defaultColors)
    } else {
      monochrome = true
    }

    let cursorAddress = tigetstr("cup")
    let canPositionCursor = cursorAddress != nil && cursorAddress != UnsafeMutablePointer(bitPattern: -1)
    if !canPositionCursor {
      // Frames go out as plain lines (see drawLines); mark curses' screen as drawn so that reading a key never
      // makes curses write it.
      wnoutrefresh(window)
    }

    var hasMouse = false
    if mouse {
      mouseinterval(0)
      var previous: mmask_t = 0
      hasMouse = mousemask(mmask_t(MouseDecoder.reportedEvents), &previous) != 0
    }

    capabilities = TerminalCapabilities(
      isMonochrome: monochrome, prefersASCII: codeset != "UTF-8" || terminalType == "dumb",
      colorCount: colorCount, hasMouse: hasMouse, canPositionCursor: canPositionCursor,
      terminalType: terminalType)
    width = Int(getmaxx(window))
    height = Int(getmaxy(window))
    reportedWidth = width
    reportedHeight = height
  }

  deinit {
    // Normally restore() has run. If not, leave curses without touching this object's state (deinit is not
    // isolated to the main actor); the C side checks and clears its own flag.
    gmem_curses_leave()
  }

  /// Gives the terminal back: leaves curses mode (the shell's screen, modes and cursor come back), writes out
  /// what went to standard error meanwhile, and puts back the signal dispositions that were there before.
  /// Calling it again does nothing. After it, ``present(_:theme:cursor:)`` draws nothing and
  /// ``nextEvent(timeoutMilliseconds:)`` returns nil.
  public func restore() {
    guard isActive else { return }
    isActive = false
    gmem_curses_leave()
    if !capabilities.canPositionCursor { Terminal.writeAll("\r\n") }
    gmem_signals_uninstall()
    gmem_crash_handlers_uninstall()
    delscreen(screen)
  }

  /// Repaints the whole terminal from the last frame presented, for example after the user pressed Ctrl-L
  /// because something else wrote on the screen.
  public func repaint() {
    guard isActive else { return }
    clearok(gmem_curscr(), true)
    draw()
  }

  /// Writes `text` to standard output, all of it.
  static func writeAll(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
      if written > 0 {
        bytes = bytes.dropFirst(written)
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        return
      }
    }
  }

  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}
