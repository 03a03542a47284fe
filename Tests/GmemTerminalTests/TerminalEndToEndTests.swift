import Foundation
import GmemTestSupport
import Testing

/// The terminal, driven end to end: the demo program in a real pseudo-terminal under tmux.
@Suite(
  "Terminal end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the terminal end-to-end tests"))
struct TerminalEndToEndTests {
  /// Starts the demo in a session and waits for its first frame.
  private func start(
    _ arguments: [String] = [], width: Int = 80, height: Int = 24, environment: [String: String] = [:]
  ) throws -> TmuxSession {
    let program = try #require(BuiltProgram.terminalDemo, "GmemTerminalDemo is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: arguments, width: width, height: height, environment: environment)
    let started = session.wait(for: "gmemviz-term-demo size")
    #expect(started, "no first frame; the pane shows:\n\(session.capture())")
    return session
  }

  @Test("launches and draws its first frame at the terminal's size")
  func firstFrame() throws {
    let session = try start(width: 80, height: 24)
    defer { session.close() }
    let lines = session.lines()
    #expect(lines.first == "gmemviz-term-demo size 80x24")
    #expect(lines.contains("mono: no ascii: no colors: 256 mouse: yes"))
    #expect(lines.contains { $0.hasPrefix("▀█░é") })
    #expect(lines.contains { $0.hasPrefix("q quit") })
    #expect(!TmuxSession.isSane(session.sttyNow()), "curses should have turned canonical mode and echo off")
  }

  @Test("keys arrive decoded")
  func keys() throws {
    let session = try start()
    defer { session.close() }
    let cases: [(String, String)] = [
      ("b", "b"), ("Up", "up"), ("Down", "down"), ("Left", "left"), ("Right", "right"), ("PageUp", "pageUp"),
      ("PageDown", "pageDown"), ("Home", "home"), ("End", "end"), ("Enter", "enter"), ("BSpace", "backspace"),
      ("Escape", "escape"), ("Tab", "tab"), ("BTab", "backTab"), ("DC", "delete"), ("F1", "f1"),
      ("F5", "f5"), ("F12", "f12"), ("C-b", "ctrl-b"), ("C-w", "ctrl-w"), ("é", "é"), ("€", "€"),
      ("Space", "space"),
    ]
    for (key, shown) in cases {
      session.send(key)
      let seen = session.wait(for: "last: \(shown)\n")
      #expect(seen, "after \(key): \(session.lines().dropFirst().first ?? "")")
    }
  }

  @Test("the mouse: clicks and the wheel with cell coordinates")
  func mouse() throws {
    let session = try start()
    defer { session.close() }
    // X10 mouse reports (kmous=\E[M): ESC [ M, then 32 + button, 33 + column, 33 + row.
    let report = { (button: UInt8, x: UInt8, y: UInt8) -> [UInt8] in [0x1B, 0x5B, 0x4D, 32 + button, 33 + x, 33 + y] }
    session.send(bytes: report(0, 5, 3))
    #expect(session.wait(for: "last: mouse press(GmemTerminal.MouseButton.left) at 5,3"), "\(session.capture())")
    session.send(bytes: report(3, 5, 3))
    #expect(session.wait(for: "last: mouse release(GmemTerminal.MouseButton.left) at 5,3"), "\(session.capture())")
    session.send(bytes: report(64, 10, 7))
    #expect(session.wait(for: "last: mouse scrollUp at 10,7"), "\(session.capture())")
    session.send(bytes: report(65, 11, 8))
    #expect(session.wait(for: "last: mouse scrollDown at 11,8"), "\(session.capture())")
  }

  @Test("resizes down and back, redrawing at each size")
  func resize() throws {
    let session = try start(width: 80, height: 24)
    defer { session.close() }
    session.resize(width: 50, height: 14)
    #expect(session.wait(for: "size 50x14"), "\(session.capture())")
    #expect(session.wait(for: "last: resize 50x14"))
    #expect(session.lines().count == 14)
    #expect(session.lines().last?.hasPrefix("q quit") == true)
    session.resize(width: 80, height: 24)
    #expect(session.wait(for: "size 80x24"), "\(session.capture())")
    #expect(session.wait(for: "last: resize 80x24"))
    #expect(session.lines().last?.hasPrefix("q quit") == true)
  }

  @Test("q quits with status 0 and the terminal sane")
  func quit() throws {
    let session = try start()
    defer { session.close() }
    session.send("q")
    session.expectExit(status: 0)
    #expect(session.wait(for: "harness: exited 0"), "the shell's screen should be back:\n\(session.capture())")
  }

  @Test("SIGTERM, SIGINT, SIGHUP and SIGQUIT restore the terminal and kill the program by that signal")
  func terminationSignals() throws {
    for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT] {
      let session = try start()
      defer { session.close() }
      session.signal(signal)
      session.expectExit(status: 128 + signal)
    }
  }

  @Test("Ctrl-C is SIGINT")
  func controlC() throws {
    let session = try start()
    defer { session.close() }
    session.send("C-c")
    session.expectExit(status: 128 + SIGINT)
  }

  @Test("with --report-signals, SIGTERM is an event and the program decides")
  func reportedTermination() throws {
    let session = try start(["--report-signals"])
    defer { session.close() }
    session.signal(SIGTERM)
    #expect(session.wait(for: "signal: \(SIGTERM)"), "\(session.capture())")
    #expect(!TmuxSession.isSane(session.sttyNow()))
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("Ctrl-Z restores the terminal and stops; fg re-enters and repaints")
  func suspendAndResume() throws {
    let session = try start()
    defer { session.close() }
    session.send("x")
    #expect(session.wait(for: "toggle: [*]"))
    session.send("C-z")
    let stopped = session.waitForStop(1) ?? ""
    #expect(TmuxSession.isSane(stopped), "stty -a while stopped:\n\(stopped)")
    #expect(session.wait(for: "harness: stopped 1"), "the shell's screen should be back:\n\(session.capture())")
    session.continueAfterStop(1)
    #expect(session.wait(for: "toggle: [*]"), "the frame should be repainted:\n\(session.capture())")
    #expect(!session.capture().contains("harness: stopped"))
    #expect(!TmuxSession.isSane(session.sttyNow()))
    // Stopped by SIGTSTP from outside, then resized while stopped: the new size is picked up on resume.
    session.signal(SIGTSTP)
    _ = session.waitForStop(2)
    session.resize(width: 60, height: 20)
    session.continueAfterStop(2)
    #expect(session.wait(for: "size 60x20"), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("SIGSTOP (uncatchable), the shell resets the modes, then SIGCONT: the program restores them and repaints")
  func externalStop() throws {
    let session = try start()
    defer { session.close() }
    session.signal(SIGSTOP)
    let stopped = session.waitForStop(1) ?? ""
    #expect(!TmuxSession.isSane(stopped), "nothing could restore the modes on SIGSTOP")
    Subprocess.run("stty", ["sane", "-F", session.paneTTY])
    session.continueAfterStop(1)
    #expect(TmuxSession.poll(seconds: 15) { !TmuxSession.isSane(session.sttyNow()) }, "modes not restored")
    #expect(session.wait(for: "gmemviz-term-demo size 80x24"), "\(session.capture())")
    session.send("x")
    #expect(session.wait(for: "toggle: [*]"), "keys should work again:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("a crash (fatalError) leaves the terminal sane and the crash visible")
  func crashRestores() throws {
    let session = try start(environment: ["SWIFT_BACKTRACE": "interactive=no"])
    defer { session.close() }
    session.send("c")
    let status = session.waitForExit(seconds: 60)
    #expect(status == 128 + SIGILL || status == 128 + SIGTRAP, "status \(String(describing: status))")
    let stty = session.sttyAfterExit ?? ""
    #expect(TmuxSession.isSane(stty), "stty -a after the crash:\n\(stty)")
    // The runtime's message went to standard error while curses was on screen; it is shown after the restore.
    let screen = session.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", "main"]).output
    #expect(screen.contains("Fatal error: gmemviz-term-demo: crash on request"), "the pane shows:\n\(screen)")
    #expect(screen.contains("Program crashed"), "the backtracer should report the crash:\n\(screen)")
  }

  @Test("abort() leaves the terminal sane")
  func abortRestores() throws {
    let session = try start(environment: ["SWIFT_BACKTRACE": "enable=no"])
    defer { session.close() }
    session.send("a")
    session.expectExit(status: 128 + SIGABRT)
  }

  @Test("exit() without restore(): the atexit hook restores the terminal")
  func exitWithoutRestore() throws {
    let session = try start()
    defer { session.close() }
    session.send("e")
    session.expectExit(status: 3)
  }

  @Test("control: SIGKILL (which nothing can catch) leaves the terminal raw, so the checks above can fail")
  func killLeavesTerminalRaw() throws {
    let session = try start()
    defer { session.close() }
    session.signal(SIGKILL)
    #expect(session.waitForExit() == 128 + SIGKILL)
    #expect(!TmuxSession.isSane(session.sttyAfterExit ?? "icanon echo"))
  }

  @Test("idle: nothing is written; one changed cell: few bytes")
  func outputBytes() throws {
    let session = try start()
    defer { session.close() }
    #expect(session.wait(for: "q quit"))
    usleep(300_000)
    session.startRecordingOutput()
    usleep(1_500_000)  // The demo presents a frame every 100 ms while idle.
    #expect(session.recordedOutputCount == 0, "bytes written while idle")
    session.send("x")
    #expect(session.wait(for: "toggle: [*]"))
    usleep(300_000)
    let bytes = session.recordedOutputCount
    #expect(bytes > 0 && bytes < 100, "bytes written for one changed cell: \(bytes)")
  }

  @Test("LANG=C asks for ASCII glyphs; NO_COLOR and TERM=dumb for monochrome")
  func fallbacks() throws {
    do {
      let session = try start(environment: ["LANG": "C", "TERM": "screen"])
      defer { session.close() }
      #expect(session.wait(for: "mono: no ascii: yes colors: 8"), "\(session.capture())")
      #expect(session.wait(for: "#=+."))
    }
    do {
      let session = try start(environment: ["NO_COLOR": "1"])
      defer { session.close() }
      #expect(session.wait(for: "mono: yes ascii: no colors: 0"), "\(session.capture())")
    }
    do {
      let session = try start(environment: ["TERM": "dumb"])
      defer { session.close() }
      #expect(session.wait(for: "mono: yes ascii: yes colors: 0 mouse: no"), "\(session.capture())")
      session.send("q")
      session.expectExit(status: 0)
    }
  }
}
