import Foundation
import GmemTestSupport
import Testing

/// The map itself, driven end to end in tmux: launch, move, operations from the command line, errors in place,
/// resizing to the too-small notice and back, quitting, and the terminal left sane on every exit path.
@Suite(
  "gmemviz end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the end-to-end tests"))
struct AppEndToEndTests {
  private func start(
    _ arguments: [String] = [], width: Int = 80, height: Int = 24, environment: [String: String] = [:]
  ) throws -> TmuxSession {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--check-invariants"] + arguments, width: width, height: height,
      environment: environment)
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame; the pane shows:\n\(session.capture())")
    return session
  }

  @Test("launches on the default session: rfc1, sw-protected, 8 whole 1G folios")
  func launch() throws {
    let session = try start()
    defer { session.close() }
    let screen = session.capture()
    #expect(screen.contains("rfc1"))
    #expect(screen.contains("sw-protected"))
    #expect(screen.contains("8G of 1G HugeTLB"))
    #expect(screen.contains("q quit"))
  }

  @Test("moving the cursor moves the inspector; :share 0+4K splits folio 0; a bad command errs in place")
  func moveShareAndError() throws {
    let session = try start()
    defer { session.close() }
    session.send("l")
    #expect(session.wait(for: "page 0x200000"), "the inspector should follow the cursor:\n\(session.capture())")
    session.send(":")
    session.send(literal: "share 0+4K")
    session.send("Enter")
    #expect(session.wait(for: "7 whole, 1 split"), "the share should split folio 0:\n\(session.capture())")
    session.send(":")
    session.send(literal: "allocate 0x+4K")
    session.send("Enter")
    #expect(session.wait(for: "invalid number '0x'"), "the error should show in place:\n\(session.capture())")
    #expect(session.capture().contains("col 10"))
    #expect(session.capture().contains("7 whole, 1 split"), "a bad command changes nothing")
    session.send("Escape")
    session.send("u")
    #expect(session.wait(for: "8 whole, 0 split"), "undo should merge it back:\n\(session.capture())")
    session.send("C-r")
    #expect(session.wait(for: "7 whole, 1 split"), "redo should split it again:\n\(session.capture())")
  }

  @Test("resizing below 40x12 shows the notice, and back restores the map")
  func resize() throws {
    let session = try start()
    defer { session.close() }
    session.resize(width: 30, height: 10)
    #expect(session.wait(for: "too small"), "the pane shows:\n\(session.capture())")
    session.resize(width: 80, height: 24)
    #expect(session.wait(for: "8 whole, 0 split"), "the pane shows:\n\(session.capture())")
  }

  @Test("the help overlay lists the keys")
  func help() throws {
    let session = try start(width: 120, height: 40)
    defer { session.close() }
    session.send("?")
    #expect(session.wait(for: "undo"), "the pane shows:\n\(session.capture())")
    session.send("Escape")
  }

  @Test("without a terminal the map says so in one line")
  func noTerminal() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let result = Subprocess.run(program, ["--profile", "rfc2"])
    #expect(result.status == 1)
    #expect(result.output.contains("standard input or output is not a terminal"), "\(result.output)")
  }

  @Test("q quits with status 0 and the terminal sane")
  func quit() throws {
    let session = try start()
    defer { session.close() }
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("SIGTERM restores the terminal")
  func sigterm() throws {
    let session = try start()
    defer { session.close() }
    session.signal(SIGTERM)
    session.expectExit(status: 128 + SIGTERM)
  }

  @Test("TERM=dumb and LANG=C fall back to monochrome ASCII")
  func dumbTerminal() throws {
    let session = try start(environment: ["TERM": "dumb", "LANG": "C"])
    defer { session.close() }
    let screen = session.capture()
    #expect(screen.allSatisfy { $0.isASCII }, "ASCII only:\n\(screen)")
  }

  @Test("a bad flag is a one-line error before the terminal is touched")
  func badFlag() throws {
    let program = try #require(BuiltProgram.gmemviz)
    let result = Subprocess.run(program, ["--profile", "rfc9"])
    #expect(result.status != 0)
    #expect(result.output.contains("--profile rfc9"))
  }

  @Test("a long model operation shows its progress, and Esc stops it: the model goes back to before it")
  func stopAModelOperation() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--profile", "inplace", "--hugetlb", "2M", "--size", "4T"], width: 200, height: 50)
    defer { session.close() }
    #expect(session.wait(seconds: 60, for: "2097152 whole, 0 split"), "no first frame:\n\(session.capture())")
    session.send(":")
    session.send(literal: "share 0+4T")
    session.send("Enter")
    // Two million 2M folios split one by one: seconds even in a release build.
    #expect(session.wait(for: "splitting folios: "), "no progress shown:\n\(session.capture())")
    #expect(session.capture().contains("Esc or Ctrl-C stops"))
    session.send("Escape")
    #expect(session.wait(for: "EINTR at 0x"), "Esc should stop it:\n\(session.capture())")
    #expect(session.capture().contains("rolled back"))
    #expect(session.wait(for: "2097152 whole, 0 split"), "nothing split stays split:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("a long --script loads in seconds: the setup redraws on a clock, not once per line")
  func longScriptLoads() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    var lines = ["profile inplace", "vm sw-protected", "gmem 64G hugetlb=2M flags=mmap", "bind", "allocate 0+64G"]
    lines += (0..<32768).map { "share 0x" + String($0 * 0x200000 + 0x1000, radix: 16) + "+4K" }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-long-\(UUID()).gmem").path
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let session = try TmuxSession(program: program, arguments: ["--script", path], width: 200, height: 50)
    defer { session.close() }
    // A full frame per line (and a copy of the whole log with each) took 125 s in a release build. A log drawn
    // by walking every entry each frame made frames slower than the 50 ms clock, so every line drew one again:
    // 136 s in the debug build, 2.2 s once the walk stops at the first entry that does not fit.
    #expect(session.wait(seconds: 60, for: "32768 split"), "the script did not load:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }
}
