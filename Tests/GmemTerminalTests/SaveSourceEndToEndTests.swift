import Foundation
import GmemTestSupport
import Testing

/// `:save`, `:save!` and `:source` driven end to end in tmux: a session explored with keys is saved with `S` and
/// replays with `gmemviz run`; an existing file is asked about; /dev/full is one error; a sourced script stops at
/// its bad line with the lines before it applied and undoable.
@Suite(
  "gmemviz :save and :source end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the end-to-end tests"))
struct SaveSourceEndToEndTests {
  private func start(width: Int, height: Int) throws -> TmuxSession {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program, arguments: [], width: width, height: height)
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame; the pane shows:\n\(session.capture())")
    return session
  }

  /// A short path in /tmp, unique to this run (the status bar shows it whole).
  private func temporaryPath(_ name: String) -> String {
    "/tmp/gm-\(name)-\(getpid()).gmem"
  }

  @Test("conversions by key, S saves them, gmemviz run of the file passes; an existing file is asked about")
  func saveAndReplay() throws {
    let path = temporaryPath("save")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let session = try start(width: 80, height: 24)
    defer { session.close() }
    session.send("s")
    #expect(session.wait(for: "7 whole, 1 split"), "s should split folio 0:\n\(session.capture())")
    session.send("l", "l", "w", "p", "u", "R")
    #expect(session.wait(for: "guest read"), "the guest read should be logged:\n\(session.capture())")
    session.send("S")
    #expect(session.wait(for: ":save"), "S should start a save line:\n\(session.capture())")
    session.send(literal: path)
    session.send("Enter")
    #expect(session.wait(for: "saved 3 operations"), "the save should say what it wrote:\n\(session.capture())")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("on the model backend"))
    #expect(saved.contains("\nshare 0x0+0x200000\nexpect ok\n"), "\(saved)")
    #expect(saved.contains("host write 0x400000+0x200000 0xaa\nexpect SIGSEGV at 0x400000\n"), "\(saved)")
    #expect(!saved.contains("\nprivate 0x400000"), "the undone private is not saved:\n\(saved)")

    // The file exists now: n leaves it, y replaces it.
    session.send(":")
    session.send(literal: "save " + path)
    session.send("Enter")
    #expect(session.wait(for: "exists: overwrite it? y/n"), "should ask:\n\(session.capture())")
    session.send("n")
    #expect(session.wait(for: "save: cancelled"), "n should keep the file:\n\(session.capture())")
    session.send("a")
    session.send(":")
    session.send(literal: "save " + path)
    session.send("Enter")
    #expect(session.wait(for: "overwrite it? y/n"), "should ask again:\n\(session.capture())")
    session.send("y")
    #expect(session.wait(for: "saved 4 operations"), "y should overwrite:\n\(session.capture())")
    session.send(":")
    session.send(literal: "save /dev/full")
    session.send("Enter")
    #expect(session.wait(for: "No space left on device"), "a full disk is one error:\n\(session.capture())")
    #expect(session.capture().contains("7 whole, 1 split"), "and changes nothing")
    session.send("q")
    session.expectExit(status: 0)

    let run = BuiltProgram.runGmemviz(["run", path])
    #expect(run.status == 0, "the saved session should replay:\n\(run.output)\n\(run.error)")
    #expect(run.output.contains("expect SIGSEGV at 0x400000  → holds"), "\(run.output)")
  }

  @Test(
    "a session on --backend kvm saves, and gmemviz run --backend kvm replays it",
    .enabled(if: access("/dev/kvm", R_OK | W_OK) == 0, "/dev/kvm is absent or not permitted"))
  func saveOnTheKernel() throws {
    let path = temporaryPath("kvm")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program, arguments: ["--backend", "kvm"], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "allocate 0+0x4000000 → ok"), "no first frame; the pane shows:\n\(session.capture())")
    for line in ["host write 0+8K 0x5a", "punch 0x1000+4K", "save " + path] {
      session.send(":")
      session.send(literal: line)
      session.send("Enter")
    }
    #expect(session.wait(for: "saved 2 operations"), "the save should say what it wrote:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("on the kvm backend (Linux "), "\(saved)")
    #expect(saved.contains("\nhost write 0+8K 0x5a\nexpect ok\npunch 0x1000+4K\nexpect ok\n"), "\(saved)")
    let run = BuiltProgram.runGmemviz(["run", "--backend", "kvm", path])
    #expect(run.status == 0, "the saved session should replay on the kernel:\n\(run.output)\n\(run.error)")
  }

  @Test(
    "an operation on --backend kvm stopped with Esc is saved as a comment saying so, and the replay passes",
    .enabled(if: access("/dev/kvm", R_OK | W_OK) == 0, "/dev/kvm is absent or not permitted"))
  func aStoppedKernelOperationIsSavedAsAComment() throws {
    let path = temporaryPath("kvm-stop")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--backend", "kvm", "--size", "2G"], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "allocate 0+0x4000000 → ok"), "no first frame; the pane shows:\n\(session.capture())")
    session.send(":")
    session.send(literal: "host write 0+2G 0x11")
    session.send("Enter")
    #expect(session.wait(for: "MADV_POPULATE_WRITE: "), "no progress shown:\n\(session.capture())")
    session.send("Escape")
    #expect(session.wait(for: "EINTR at 0x"), "Esc should stop it:\n\(session.capture())")
    for line in ["punch 0x1000+4K", "save " + path] {
      session.send(":")
      session.send(literal: line)
      session.send("Enter")
    }
    #expect(
      session.wait(for: "saved 1 operation "), "the stopped one is not an operation to replay:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!saved.contains("\nhost write 0+2G 0x11\n"), "saved as if it had completed:\n\(saved)")
    let comment = saved.split(separator: "\n").first { $0.hasPrefix("# host write 0+2G 0x11 → EINTR at 0x") }
    #expect(
      comment?.hasSuffix("that much stays done (stopped with Esc: not replayed)") == true, "\(saved)")
    #expect(saved.hasSuffix("\npunch 0x1000+4K\nexpect ok\n"), "\(saved)")
    let run = BuiltProgram.runGmemviz(["run", "--backend", "kvm", path])
    #expect(run.status == 0, "the saved session should replay on the kernel:\n\(run.output)\n\(run.error)")
  }

  @Test(
    "a --script line on --backend kvm stopped with Esc is saved as a comment in the opening, and the replay passes",
    .enabled(if: access("/dev/kvm", R_OK | W_OK) == 0, "/dev/kvm is absent or not permitted"))
  func aStoppedSetupLineIsSavedAsAComment() throws {
    let script = temporaryPath("kvm-script")
    let path = temporaryPath("kvm-script-save")
    let lines = ["profile upstream", "vm default", "gmem 2G flags=mmap,init-shared", "mmap", "host write 0+2G 0x11"]
    try lines.joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)
    defer {
      try? FileManager.default.removeItem(atPath: script)
      try? FileManager.default.removeItem(atPath: path)
    }
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["--backend", "kvm", "--script", script], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "MADV_POPULATE_WRITE: "), "no progress shown:\n\(session.capture())")
    session.send("Escape")
    #expect(session.wait(for: "EINTR at 0x"), "Esc should stop it:\n\(session.capture())")
    session.send(":")
    session.send(literal: "save " + path)
    session.send("Enter")
    #expect(session.wait(for: "saved 0 operations "), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    let comment = saved.split(separator: "\n").first { $0.hasPrefix("# host write 0+2G 0x11  # ") }
    #expect(
      comment?.hasPrefix("# host write 0+2G 0x11  # stopped with Esc when the session was opened, not replayed: ")
        == true, "\(saved)")
    #expect(!saved.contains("\nhost write 0+2G 0x11\n"), "saved as if it had completed:\n\(saved)")
    let run = BuiltProgram.runGmemviz(["run", "--backend", "kvm", path])
    #expect(run.status == 0, "the saved session should replay on the kernel:\n\(run.output)\n\(run.error)")
  }

  @Test("a played file saved after its end keeps its say, pause and step lines; the operations after follow")
  func aPlayedSessionSavesItsNarration() throws {
    let scenario = temporaryPath("played")
    let path = temporaryPath("played-save")
    try PlayTests.script.write(toFile: scenario, atomically: true, encoding: .utf8)
    defer {
      try? FileManager.default.removeItem(atPath: scenario)
      try? FileManager.default.removeItem(atPath: path)
    }
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["play", scenario, "--speed", "64"], width: 120, height: 40)
    defer { session.close() }
    #expect(session.wait(for: "end · exploring"), "the play should reach its end:\n\(session.capture())")
    for line in ["share 0x40000000+4K", "save " + path] {
      session.send(":")
      session.send(literal: line)
      session.send("Enter")
    }
    #expect(session.wait(for: "saved 1 operation "), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("# How the session was opened: gmemviz play \(scenario), its lines as they played"))
    #expect(saved.contains("\n" + PlayTests.script + "\n"), "the played file, as it played:\n\(saved)")
    #expect(saved.hasSuffix("\nshare 0x40000000+4K\nexpect ok\n"), "\(saved)")
    let run = BuiltProgram.runGmemviz(["run", path])
    #expect(run.status == 0, "the saved session should replay:\n\(run.output)\n\(run.error)")
    #expect(run.output.contains("expect folio 0 whole  → holds"), "\(run.output)")
  }

  @Test(":source runs a script's lines as undo steps and stops at a bad line with file:line:col")
  func sourceStopsAtItsError() throws {
    let path = temporaryPath("source")
    let lines = ["share 0+4K", "expect ok", "# a comment", "share 0x40000000+4K", "bogus 1", "share 0x80000000+4K"]
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let session = try start(width: 200, height: 60)
    defer { session.close() }
    session.send(":")
    session.send(literal: "source " + path)
    session.send("Enter")
    #expect(
      session.wait(for: "source: \(path):5:1: unknown command 'bogus'"), "the error's line:\n\(session.capture())")
    #expect(session.capture().contains("source \(path) → stopped at line 5"), "the log keeps it:\n\(session.capture())")
    #expect(session.capture().contains("6 whole, 2 split"), "the lines before it stay:\n\(session.capture())")
    session.send("u")
    #expect(session.wait(for: "7 whole, 1 split"), "each line is an undo step:\n\(session.capture())")
    session.send("u")
    #expect(session.wait(for: "8 whole, 0 split"), "each line is an undo step:\n\(session.capture())")
    session.send(":")
    session.send(literal: "source /nonexistent.gmem")
    session.send("Enter")
    #expect(
      session.wait(for: "source: cannot read /nonexistent.gmem: No such file or directory"), "\(session.capture())")
    session.send(":")
    session.send(literal: "source -")
    session.send("Enter")
    #expect(session.wait(for: "source: cannot read -: not a regular file"), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }
}
