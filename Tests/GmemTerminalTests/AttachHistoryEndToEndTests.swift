import Foundation
import GmemTestSupport
import Testing

/// The history of `gmemviz attach`, end to end in tmux, while GmemAttachFixture changes its file on request: `[`
/// and `]` through the scans that changed something and back to LIVE, `--log` until Ctrl-C or the process's exit,
/// and `--record`.
@Suite(
  "gmemviz attach history end to end (tmux)", .serialized,
  .enabled(if: TmuxSession.isAvailable, "tmux is not installed; install it to run the end-to-end tests"),
  .enabled(if: access("/dev/kvm", R_OK | W_OK) == 0, "/dev/kvm is absent or not permitted; attach is skipped"))
struct AttachHistoryEndToEndTests {
  private static func program() throws -> String {
    try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
  }

  /// True when `screen` shows `prefix` followed by a time of day, `HH:MM:SS.mmm`.
  private static func shows(_ screen: String, _ prefix: String, timed: Bool = true) -> Bool {
    let time = timed ? " [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}" : ""
    let escaped = prefix.replacingOccurrences(of: "+", with: "\\+")
    return (try? Regex(escaped + time)).map { screen.contains($0) } ?? false
  }

  @Test("[ and ] step through the scans that changed something, and back to LIVE")
  func scrubTheHistory() throws {
    let program = try Self.program()
    let fixture = try AttachFixtureProcess(nextTo: program)
    let session = try TmuxSession(
      program: program, arguments: ["attach", fixture.pid, "--fd", fixture.fd], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "allocated 528 "), "no first frame:\n\(session.capture())")
    #expect(session.capture().contains("LIVE"))
    session.send("[")
    #expect(session.wait(for: "history: no scan has changed anything yet"), "\(session.capture())")

    #expect(fixture.change("allocate 16 4"))
    #expect(session.wait(for: "allocated 532 "), "the rescan should see 4 more pages:\n\(session.capture())")
    #expect(fixture.change("punch 16 4"))
    #expect(session.wait(for: "allocated 528 "), "\(session.capture())")

    // Back from LIVE: the newest scan (the state now, what it changed in the status), then older ones.
    session.send("[")
    #expect(session.wait { Self.shows($0, "history 2/2") }, "\(session.capture())")
    #expect(session.capture().contains("0x10000+0x4000 allocated → hole"))
    #expect(session.capture().contains("allocated 528 "))
    session.send("[")
    #expect(session.wait { Self.shows($0, "history 1/2") }, "\(session.capture())")
    #expect(session.capture().contains("allocated 532 "), "the map shows the state at that scan")
    #expect(session.capture().contains("0x10000+0x4000 hole → allocated"))
    session.send("[")
    #expect(session.wait { Self.shows($0, "history 0/2") }, "\(session.capture())")
    #expect(session.capture().contains("allocated 528 "))
    #expect(session.capture().contains("the oldest state kept"))
    session.send("[")
    #expect(session.wait(for: "oldest kept: 2 scans in "), "\(session.capture())")

    // Scans go on while the map shows the past; an operation is refused until LIVE.
    session.send("]")
    #expect(session.wait { Self.shows($0, "history 1/2") }, "\(session.capture())")
    #expect(fixture.change("write 6 1"))
    #expect(session.wait { Self.shows($0, "history 1/3") }, "\(session.capture())")
    #expect(session.capture().contains("allocated 532 "), "a new scan does not move the map")
    session.send("X")
    #expect(session.wait(for: "showing history 1, not the live state"), "\(session.capture())")
    session.send("]")
    session.send("]")
    #expect(session.wait { Self.shows($0, "history 3/3") }, "\(session.capture())")
    #expect(session.capture().contains("0x6000+0x1000 unmapped → mapped uptodate"))
    session.send("]")
    #expect(session.wait(for: "LIVE"), "] past the newest goes live:\n\(session.capture())")
    session.send("[")
    #expect(session.wait { Self.shows($0, "history 3/3") })
    session.send("}")
    #expect(session.wait(for: "LIVE"), "} goes live:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("--backend kvm keeps the scans too: an operation's changes, [ to see them, } back to LIVE")
  func scrubTheKernelBackend() throws {
    let session = try TmuxSession(program: try Self.program(), arguments: ["--backend", "kvm"], width: 200, height: 60)
    defer { session.close() }
    #expect(session.wait(for: "allocate 0+0x4000000 → ok"), "no first frame:\n\(session.capture())")
    #expect(session.wait(for: "LIVE"), "\(session.capture())")
    session.send(":")
    session.send(literal: "host write 0+8K 0x5a")
    session.send("Enter")
    #expect(session.wait(for: "mapped 2 "), "\(session.capture())")
    // The history records the write at the next scan, which may come after the operation's own frame, and the live
    // file may change again on its own (the kernel can map the rest of a folio later): press `[` until the scan of
    // the write is shown, whatever its number.
    let position = /history \d+\/\d+ [0-2]\d:[0-5]\d:[0-5]\d\.\d{3}/
    var scrubbed = false
    for _ in 0..<10 where !scrubbed {
      session.send("[")
      scrubbed = session.wait(seconds: 2) {
        $0.contains(position) && $0.contains("0x0+0x2000 unmapped → mapped uptodate")
      }
    }
    #expect(scrubbed, "the scan of the write:\n\(session.capture())")
    session.send("w")
    #expect(session.wait(for: "not the live state"), "\(session.capture())")
    session.send(":")
    session.send(literal: "source /dev/null")
    session.send("Enter")
    #expect(session.wait(for: "source: showing history"), "\(session.capture())")
    session.send("}")
    #expect(session.wait(for: "LIVE"), "\(session.capture())")
    #expect(session.capture().contains("mapped 0 ") == false, "live again, the write's pages are mapped")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test("--log prints each scan's changes until Ctrl-C (exit 130)")
  func logUntilInterrupted() throws {
    let program = try Self.program()
    let fixture = try AttachFixtureProcess(nextTo: program)
    let session = try TmuxSession(program: program, arguments: ["attach", fixture.pid, "--log"], width: 80, height: 24)
    defer { session.close() }
    #expect(session.wait(for: "Ctrl-C ends"), "\(session.capture())")
    #expect(fixture.change("allocate 16 4"))
    #expect(session.wait { Self.shows($0, "0x10000+0x4000 hole unmapped → allocated unmapped", timed: false) })
    #expect(Self.shows(session.capture(), "[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} 0x10000+0x4000", timed: false))
    #expect(fixture.change("write 6 1"))
    #expect(session.wait(for: " 0x6000+0x1000 allocated unmapped → allocated mapped uptodate"), "\(session.capture())")
    session.send("C-c")
    #expect(session.wait(for: "gmemviz attach: --log ended by SIGINT"), "\(session.capture())")
    session.expectExit(status: 130)
  }

  @Test("--log ends with exit 0 when the process exits, and says so")
  func logUntilTheProcessExits() throws {
    let program = try Self.program()
    let fixture = try AttachFixtureProcess(nextTo: program)
    let session = try TmuxSession(program: program, arguments: ["attach", fixture.pid, "--log"], width: 80, height: 24)
    defer { session.close() }
    #expect(session.wait(for: "Ctrl-C ends"), "\(session.capture())")
    #expect(fixture.change("punch 0 1"))
    #expect(session.wait(for: " 0x0+0x1000 allocated mapped uptodate → hole unmapped"), "\(session.capture())")
    fixture.stop()
    #expect(session.wait(for: "gmemviz attach: pid \(fixture.pid) has exited; the log ends"), "\(session.capture())")
    session.expectExit(status: 0)
  }

  @Test("--record writes the live view and its history as an asciicast; a bad path is one line and exit 2")
  func recordTheLiveView() throws {
    let program = try Self.program()
    let fixture = try AttachFixtureProcess(nextTo: program)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-attach-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cast = directory.appendingPathComponent("attach.cast").path
    let session = try TmuxSession(
      program: program, arguments: ["attach", fixture.pid, "--record", cast], width: 80, height: 24)
    defer { session.close() }
    #expect(session.wait(for: "LIVE"), "\(session.capture())")
    #expect(fixture.change("allocate 16 4"))
    // Pages 4-15 were allocated and unmapped (s); now 4-19 are.
    #expect(session.wait(for: "▸mmmm" + String(repeating: "s", count: 16) + "·"), "\(session.capture())")
    session.send("[")
    #expect(session.wait { Self.shows($0, "history 1/1") }, "\(session.capture())")
    session.send("}")
    #expect(session.wait(for: "LIVE"))
    session.send("q")
    session.expectExit(status: 0)

    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["attach.cast"], "no temporary")
    let lines = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("{\"version\": 2, \"width\": 80, \"height\": 24, ") == true, "\(lines.first ?? "")")
    #expect(lines.first?.contains("\"title\": \"gmemviz attach pid \(fixture.pid) fd \(fixture.fd)") == true)
    let output = lines.dropFirst().filter { $0.contains(", \"o\", ") }.joined()
    #expect(output.contains("LIVE") && output.contains("history 1/1"), "the recording shows both")

    let missing = directory.appendingPathComponent("missing/attach.cast").path
    let failing = try TmuxSession(
      program: program, arguments: ["attach", fixture.pid, "--record", missing], width: 200, height: 24)
    defer { failing.close() }
    #expect(
      failing.wait(for: "gmemviz attach: --record: cannot write \(missing): No such file or directory"),
      "\(failing.capture())")
    failing.expectExit(status: 2)
  }
}
