import Foundation
import GmemModel
import GmemScript
import GmemView
import Testing

@testable import gmemviz

/// `:save`'s script writer and `:source`'s prompt words, without a terminal: every outcome's `expect` holds when
/// read back, a saved random session replays to the same state on every profile, and a file that cannot be
/// written is one error that leaves it as it was.
@Suite("Saving a session as a script")
struct SessionScriptTests {
  @Test("the expect written for every kind of outcome parses and holds for that outcome")
  func everyOutcomeRoundTrips() throws {
    let view = GuestMemfdModel()
    let outcomes: [Outcome] = [
      .ok, .errno(.EINVAL, at: nil), .errno(.EAGAIN, at: 0x20_1000), .signal(.SIGBUS, at: 0x3000),
      .signal(.SIGSEGV, at: 0), .value(ByteSet([0xaa])), .value(ByteSet([0, 0xaa])), .value(ByteSet()),
      .exit(VMExit(reason: .memoryFault, gpa: 0x1_0000_1000, offset: 0x1000, privateAccess: true)),
      .exit(VMExit(reason: .memoryFault, gpa: 0x9000_0000, offset: nil, privateAccess: false)),
      .exit(VMExit(reason: .mmio, gpa: 0x1_0000_0000, offset: 0, privateAccess: false)),
      .exit(VMExit(reason: .mmio, gpa: 0x9000_0000, offset: nil, privateAccess: false)),
    ]
    for outcome in outcomes {
      let text = SessionScript.expectation(of: outcome).joined(separator: "\n")
      let lines = try Parser.parse(text, file: "saved.gmem")
      #expect(lines.count == 1, "one expect for \(outcome): \(text)")
      guard case .expect(let expectation) = lines.first?.statement else {
        Issue.record("not an expect for \(outcome): \(text)")
        continue
      }
      let failure = ExpectationCheck.failure(
        of: expectation, previous: OperationResult(outcome: outcome), view: view)
      #expect(failure == nil, "`\(text)` for \(outcome.text): \(failure ?? "")")
    }
    #expect(SessionScript.expectation(of: .errno(.EAGAIN, at: 0x20_1000)) == ["expect EAGAIN at 0x201000"])
    #expect(SessionScript.expectation(of: .signal(.SIGBUS, at: 0x3000)) == ["expect SIGBUS at 0x3000"])
    #expect(
      SessionScript.expectation(of: .exit(VMExit(reason: .mmio, gpa: 0x1_0000_0000, offset: 0, privateAccess: false)))
        == ["expect MMIO at 0x0"])
    // What the language has no expect for is a comment, so `run` passes over it.
    let unsupported = SessionScript.expectation(
      of: .unsupported("KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel\nsecond line"))
    #expect(unsupported.count == 1 && unsupported[0].hasPrefix("# "), "\(unsupported)")
    #expect(try Parser.parse(unsupported.joined(separator: "\n"), file: "saved.gmem").isEmpty)
  }

  @Test("an operation stopped and rolled back, and an expectation that failed, are comments; one that held stays")
  func notInEffect() throws {
    var stopped = LogEntry(
      sequence: 3, command: "share 0+4T", result: OperationResult(outcome: .errno(.EINTR, at: 0x4000_0000)))
    stopped.operationOutcome = nil
    let failed = LogEntry(
      sequence: 3, command: "expect folio 0 whole", outcome: "FAILED", detail: "it is split", succeeded: false)
    let held = LogEntry(sequence: 3, command: "expect folio 0 split", outcome: "holds", succeeded: true)
    #expect(SessionScript.lines(of: stopped).allSatisfy { $0.hasPrefix("# share 0+4T") })
    #expect(SessionScript.lines(of: failed) == ["# expect folio 0 whole  # FAILED here: it is split"])
    #expect(SessionScript.lines(of: held) == ["expect folio 0 split"])
    // An operation followed by an expect of its outcome that held (a played script's) gets no second one.
    let share = LogEntry(sequence: 4, command: "share 0+4K", result: OperationResult(outcome: .ok))
    let typed = LogEntry(sequence: 4, command: "expect ok", outcome: "holds", succeeded: true)
    #expect(SessionScript.lines(of: share, checkedBy: typed) == ["share 0+4K"])
    #expect(SessionScript.lines(of: share, checkedBy: held) == ["share 0+4K", "expect ok"])
    #expect(SessionScript.lines(of: share, checkedBy: failed) == ["share 0+4K", "expect ok"])
  }

  @Test("an operation stopped partway on the kernel is a comment saying so, in the session and in its opening")
  func stoppedPartwayOnTheKernel() throws {
    let detail = "MADV_POPULATE_WRITE stopped by the user after 1G of 2G; that much stays done"
    var stopped = LogEntry(
      sequence: 5, command: "host write 0+2G 0x11",
      result: OperationResult(outcome: .errno(.EINTR, at: 0x4000_0000), detail: detail))
    stopped.operationOutcome = nil
    stopped.stoppedPartway = true
    let expected = "# host write 0+2G 0x11 → EINTR at 0x40000000: \(detail) (stopped with Esc: not replayed)"
    #expect(SessionScript.lines(of: stopped) == [expected])
    let opening = SessionOpening(
      lines: [SessionOpening.Line(source: "host write 0+2G 0x11", stopped: detail)], origin: "--script x.gmem")
    let script = SessionScript(header: ["test"], opening: opening, entries: OperationLog([stopped])[...])
    #expect(
      script.text.contains(
        "\n# host write 0+2G 0x11  # stopped with Esc when the session was opened, not replayed: \(detail)\n"),
      "\(script.text)")
    #expect(script.operationCount == 0)
    #expect(try Parser.parse(script.text, file: "saved.gmem").isEmpty, "only comments: \(script.text)")
  }

  @Test(
    "a random session saved, parsed and run ends in the session's state, on every profile", arguments: Profile.allCases)
  func randomSessionsReplay(profile: Profile) throws {
    for seed in UInt64(1)...6 {
      let (session, opening) = try Self.randomSession(profile: profile, seed: seed &* 7919)
      let script = SessionScript(
        header: ["test"], opening: opening, entries: session.log[opening.logCount...])
      let lines = try Parser.parse(script.text, file: "saved.gmem")
      let replay = GuestMemfdModel()
      let failures = ScriptRunner(backend: replay).run(lines)
      #expect(
        failures.isEmpty, "\(profile) seed \(seed): \(failures.map { "\($0.line.number): \($0.failure ?? "")" })")
      #expect(
        StateSummary(replay) == StateSummary(session.view),
        "\(profile) seed \(seed): the replay ends elsewhere\n\(script.text)")
      #expect(script.operationCount == session.timeline.position, "undone operations are not saved")
    }
  }

  @Test("a file that cannot be written is one error naming it, and the file is left as it was")
  func writeErrors() throws {
    let (session, opening) = try Self.randomSession(profile: .rfc1, seed: 5)
    let script = SessionScript(header: ["test"], opening: opening, entries: session.log[opening.logCount...])
    let cases = [
      ("/nonexistent-gmemviz-dir/x.gmem", "No such file or directory"), ("/dev/full", "No space left on device"),
      (NSTemporaryDirectory(), "Is a directory"),
    ]
    for (path, reason) in cases {
      do {
        try script.write(to: path)
        Issue.record("\(path) was written")
      } catch {
        #expect(error.description == "cannot write \(path): \(reason)")
      }
    }
    // An existing file is replaced whole, through a temporary file that is not left behind.
    let directory = NSTemporaryDirectory() + "gmemviz-save-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/x.gmem"
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    try script.write(to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == script.text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["x.gmem"])
  }

  @Test("save, save! and source take the rest of the line as FILE; without one they err after the word")
  func promptWords() throws {
    #expect(try SessionFileCommand.parse("save /tmp/x.gmem") == .save(path: "/tmp/x.gmem", overwrite: false))
    #expect(try SessionFileCommand.parse("  save!  a b.gmem ") == .save(path: "a b.gmem", overwrite: true))
    #expect(try SessionFileCommand.parse("source \"my file.gmem\"") == .source(path: "my file.gmem"))
    #expect(try SessionFileCommand.parse("share 0+4K") == nil)
    #expect(try SessionFileCommand.parse("saved x") == nil)
    do {
      _ = try SessionFileCommand.parse("  save  ")
      Issue.record("save without FILE parsed")
    } catch {
      #expect(error.error == PromptError(column: 7, message: "missing FILE after 'save'"))
    }
    var widget = PromptWidget()
    var prompt: CommandPrompt? = widget.open("save ")
    for c in "/tmp/y.gmem" { _ = widget.handle(.character(c), &prompt) }
    let submitted = widget.handle(.enter, &prompt)
    #expect(submitted == .file(.save(path: "/tmp/y.gmem", overwrite: false), text: "save /tmp/y.gmem"))
    prompt = widget.open("source")
    let missing = widget.handle(.enter, &prompt)
    #expect(missing == .edited)
    #expect(prompt?.error == PromptError(column: 7, message: "missing FILE after 'source'"))
  }

  /// A session opened with the default setup of `profile` on a 2 GiB file, then 40 random steps: operations (some
  /// misaligned, some failing), expectations typed at the prompt (holding or not), undo and redo.
  static func randomSession(profile: Profile, seed: UInt64) throws -> (Session, SessionOpening) {
    let session = Session(model: GuestMemfdModel())
    var opening = SessionOpening()
    let setup = ScriptRunner(target: SetupTarget(session))
    for line in try SessionSetup(profile: profile, size: "2G").lines() {
      let record = setup.execute(line)
      opening.lines.append(SessionOpening.Line(source: line.source, failure: record.failure))
    }
    opening.logCount = session.log.count
    let runner = ScriptRunner(target: session)
    var random = SplitMix64(seed: seed)
    for _ in 0..<40 {
      switch random.below(12) {
      case 0: session.undo()
      case 1: session.redo()
      case 2:
        let text = "expect folio \(hex(UInt64(random.below(2)) << 30)) \(random.pick(["whole", "split"]))"
        _ = runner.execute(try #require(Parser.parse(text, file: "<command>").first))
      default:
        let command = randomCommand(&random)
        _ = runner.execute(ScriptLine(number: 1, statement: .command(command), source: Statement.command(command).text))
      }
    }
    return (session, opening)
  }

  /// An operation on a random range of the first 2 GiB, now and then misaligned or in another process.
  static func randomCommand(_ random: inout SplitMix64) -> Command {
    let offset = UInt64(random.below(1 << 19)) << 12 + (random.chance(5) ? 0x800 : 0)
    let length = UInt64(random.pick([1, 1, 16, 512, 512 * 3, 1 << 18])) << 12
    let range = FileRange(offset: offset, length: min(length, (2 << 30) - offset))
    let byte = UInt8(random.below(256))
    let process = random.chance(20) ? 2 : nil
    return random.pick([
      .convert(range, to: .shared, content: nil), .convert(range, to: .private, content: nil),
      .convert(range, to: .shared, content: .preserve), .hostRead(range, process: process),
      .hostWrite(range, byte: byte, process: process), .guestRead(range, access: nil),
      .guestWrite(range, byte: byte, access: nil), .pin(range), .unpin(range), .punch(range), .allocate(range),
      .dontneed(range, process: process), .remove(range, process: process), .mmap(process: process),
      .munmap(process: process),
    ])
  }
}

/// What a state shows, to compare two: every run of pages and its state, every folio's shape, the counters and
/// the file's setup.
private struct StateSummary: Equatable {
  var runs: [String] = []
  var shapes: [String] = []
  var counters: [UInt64]
  var setup: String

  init(_ view: any StateView) {
    counters = CounterName.allCases.map { view.counter($0) }
    setup =
      "\(view.profile) \(String(describing: view.vmType)) \(view.fileSize) \(view.memslots) "
      + "\(view.mappingProcesses) \(view.isOpen)"
    view.forEachRun(in: 0..<view.pageCount) { run, state in runs.append("\(run) \(state)") }
    for p in stride(from: 0, to: view.pageCount, by: 512) { shapes.append("\(view.folioShape(ofPage: p))") }
  }
}

/// The saved session the README shows is what `:save` writes, and it replays: it parses and every `expect` holds.
@Test func theReadmeSavedSessionReplays() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  let start = try #require(readme.range(of: "```gmem\n# A gmemviz session, saved"))
  let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
  let script = String(readme[readme.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
  let lines = try Parser.parse(script, file: "README.md")
  #expect(lines.count > 10)
  let failures = ScriptRunner(backend: GuestMemfdModel()).run(lines)
  #expect(failures.isEmpty, "\(failures.map { "\($0.line.number): \($0.failure ?? "")" })")
}
