import Foundation
import GmemTestSupport
import Testing

/// The map on the running kernel (`--backend kvm`), driven end to end in tmux: the kernel's capabilities in the
/// header, real operations read back by the rescan, undo refused, a long operation's progress stopped with Esc,
/// and a clean exit that leaves no guest_memfd behind.
@Suite(
  "gmemviz --backend kvm end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the end-to-end tests"),
  .enabled(if: access("/dev/kvm", R_OK | W_OK) == 0, "/dev/kvm is absent or not permitted; the kvm TUI is skipped"))
struct KernelAppEndToEndTests {
  private func start(_ arguments: [String] = [], width: Int = 200, height: Int = 60) throws -> TmuxSession {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--backend", "kvm"] + arguments, width: width, height: height)
    #expect(session.wait(for: "allocate 0+0x4000000 → ok"), "no first frame; the pane shows:\n\(session.capture())")
    return session
  }

  @Test("the header names the kernel's capabilities; an operation is read back; undo is refused")
  func operateOnTheKernel() throws {
    let session = try start()
    defer { session.close() }
    let screen = session.capture()
    #expect(screen.contains("kvm · upstream · default VM · 1G"))
    #expect(screen.contains("gmem flags MMAP|INIT_SHARED"), "the caps summary belongs in the header:\n\(screen)")
    #expect(screen.contains("mapped 0"))
    #expect(screen.contains("content not read"), "the kernel's page contents are not loaded:\n\(screen)")
    session.send(":")
    session.send(literal: "host write 0+8K 0x5a")
    session.send("Enter")
    #expect(session.wait(for: "mapped 2 "), "the rescan should see two host-mapped pages:\n\(session.capture())")
    #expect(session.capture().contains("mapped(process 1)"))
    session.send("u")
    #expect(session.wait(for: "cannot be undone"), "undo must say why it cannot:\n\(session.capture())")
    #expect(session.capture().contains("mapped 2 "), "a refused undo changes nothing")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("at 80x24 the header keeps the kernel's guest_memfd flags, and LIVE at its end")
  func narrowHeader() throws {
    let session = try start(width: 80, height: 24)
    defer { session.close() }
    let header = session.lines().first ?? ""
    #expect(header.contains("kvm · upstream") && header.contains("gmem flags MMAP|INIT_SHARED"), "\(header)")
    var trimmed = Substring(header)
    while trimmed.last == " " { trimmed = trimmed.dropLast() }
    #expect(trimmed.hasSuffix(" · LIVE"), "LIVE was cut off: \(header)")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("a long operation shows its progress, and Esc stops it with EINTR")
  func progressAndStop() throws {
    let session = try start(["--size", "2G"])
    defer { session.close() }
    session.send(":")
    session.send(literal: "host write 0+2G 0x11")
    session.send("Enter")
    #expect(session.wait(for: "MADV_POPULATE_WRITE: "), "no progress shown:\n\(session.capture())")
    #expect(session.capture().contains("Esc or Ctrl-C stops"))
    session.send("Escape")
    #expect(session.wait(for: "EINTR at 0x"), "Esc should stop it:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("Ctrl-C during a long operation stops it with EINTR, as Esc does, and the map goes on; at rest it quits")
  func controlCStopsTheOperation() throws {
    let session = try start(["--size", "4G"])
    defer { session.close() }
    session.send(":")
    session.send(literal: "host write 0+4G 0x11")
    session.send("Enter")
    #expect(session.wait(for: "MADV_POPULATE_WRITE: "), "no progress shown:\n\(session.capture())")
    session.send("C-c")
    #expect(session.wait(for: "EINTR at 0x"), "Ctrl-C should stop the operation:\n\(session.capture())")
    session.send("j")
    #expect(session.waitForExit(seconds: 1) == nil, "the first Ctrl-C must not quit:\n\(session.capture())")
    session.send("C-c")
    session.expectExit(status: 130)
  }

  @Test("--size 1T: the map shows each setup line as the kernel works through it, and quitting says what it waits for")
  func hugeFileSetupAndTeardown() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--backend", "kvm", "--size", "1T"], width: 120, height: 30)
    defer { session.close() }
    session.startRecordingOutput()
    var sawSetup = false
    let finished = session.wait(seconds: 60) { screen in
      sawSetup = sawSetup || screen.contains("setting up (")
      return screen.contains("allocate 0+0x4000000 → ok")
    }
    #expect(finished, "the setup did not finish:\n\(session.capture())")
    // The memslot of a terabyte file takes the kernel a while (seconds at 4T): the map is drawn before it, with the
    // line under way in the status bar (seen on screen, or in what was written, should the setup be quick).
    #expect(sawSetup || session.recordedOutput.contains("setting up ("), "no frame during the setup")
    #expect(!session.capture().contains("setting up ("), "the setup status must go once it is done")
    session.send("q")
    #expect(session.wait(for: "closing the VM and its 1T guest_memfd"), "\(session.capture())")
    session.expectExit(status: 0)
  }

  @Test("a profile the kernel does not run is a one-line error")
  func refusesModelProfiles() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let result = Subprocess.run(program, ["--backend", "kvm", "--profile", "rfc1"])
    #expect(result.status == 64 || result.status == 2, "exit \(result.status)")
    #expect(result.output.contains("--profile rfc1: --backend kvm runs the kernel's guest_memfd (upstream)"))
  }

  @Test("attach shows another process's guest_memfd live and read-only")
  func attachReadOnly() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let fixturePath = URL(fileURLWithPath: program).deletingLastPathComponent()
      .appendingPathComponent("GmemAttachFixture").path
    try #require(FileManager.default.isExecutableFile(atPath: fixturePath), "GmemAttachFixture is not built")
    let fixture = Process()
    fixture.executableURL = URL(fileURLWithPath: fixturePath)
    let input = Pipe()
    let output = Pipe()
    fixture.standardInput = input
    fixture.standardOutput = output
    try fixture.run()
    defer {
      try? input.fileHandleForWriting.close()
      fixture.waitUntilExit()
    }
    let ready = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    let pid = try #require(ready.split(separator: " ").first { $0.hasPrefix("pid=") }?.dropFirst(4))
    let fd = try #require(ready.split(separator: " ").first { $0.hasPrefix("fd=") }?.dropFirst(3))
    let session = try TmuxSession(program: program, arguments: ["attach", String(pid)], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "attach · upstream"), "no first frame:\n\(session.capture())")
    #expect(session.capture().contains("pid \(pid) fd \(fd)"))
    #expect(session.capture().contains("allocated 528"), "the fixture allocates 528 pages:\n\(session.capture())")
    session.send("X")
    #expect(session.wait(for: "attached read-only"), "an operation must be refused:\n\(session.capture())")
    #expect(session.capture().contains("allocated 528"), "a refused operation changes nothing")
    session.send("q")
    session.expectExit(status: 0)
  }
}
