import Foundation
import GmemTestSupport
import Testing

/// `gmemviz run FILE | head -1` died of SIGPIPE, or, where SIGPIPE came blocked or ignored from the parent,
/// printed `gmemviz: cannot write standard output: Broken pipe` and exited 2. A reader that goes away is no error:
/// every command writing to standard output (or to a pipe named by `--record` or `--svg`) stops at its next write,
/// says nothing, and exits 141 (128 + SIGPIPE, as a shell shows for `cat`), whatever SIGPIPE disposition it came
/// with.
@Suite("a reader that goes away")
struct ReaderGoneTests {
  static let tour = WriteErrorTests.tour
  /// A scenario whose `--json` lines (150 KiB) are more than a pipe holds (64 KiB), so the program still has lines
  /// to write when the reader goes.
  static let long = URL(fileURLWithPath: tour).deletingLastPathComponent()
    .appendingPathComponent("selftests/inplace_guest_memfd_conversions_test_unallocated_folios.gmem").path

  /// How a run through a pipe that closed early ended.
  struct Ended {
    /// The first line read from the pipe, before closing it.
    var firstLine: String?
    /// True when the program exited (rather than being killed by a signal).
    var exited: Bool
    /// Its exit status, or the signal that killed it.
    var status: Int32
    var stderr: String
  }

  /// Runs gmemviz with `arguments` and its standard output on a pipe (a FIFO the program opens itself, so no other
  /// process of the tests inherits an end of it); reads one line, closes the pipe and waits for the program. It
  /// starts with SIGPIPE at its default, as from a shell, or ignored (`trap '' PIPE`), as from a parent that
  /// ignores it.
  static func readOneLineThenClose(_ arguments: [String], sigpipeIgnored: Bool) throws -> Ended {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-pipe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("out").path
    let errors = directory.appendingPathComponent("err").path
    try #require(mkfifo(fifo, 0o600) == 0)
    // Opened for reading first, without waiting, so the program's open for writing does not wait either.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    try #require(reader >= 0)
    var readerOpen = true
    defer { if readerOpen { close(reader) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, fifo, O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    Subprocess.startsAsFromAShell(&attributes)
    let program = RunCommandTests.binary.path
    let command = sigpipeIgnored ? ["/bin/sh", "-c", "trap '' PIPE; exec \"$0\" \"$@\"", program] : [program]
    let argv = (command + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    try #require(posix_spawn(&pid, command[0], &actions, &attributes, argv, environ) == 0)

    _ = fcntl(reader, F_SETFL, 0)
    var line: [UInt8] = []
    var byte: UInt8 = 0
    var entry = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
    while poll(&entry, 1, 60_000) == 1, read(reader, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
    close(reader)
    readerOpen = false

    var raw: Int32 = 0
    var reaped = false
    for _ in 0..<6000 where !reaped {
      reaped = waitpid(pid, &raw, WNOHANG) == pid
      if !reaped { usleep(10_000) }
    }
    if !reaped {
      kill(pid, SIGKILL)
      waitpid(pid, &raw, 0)
      Issue.record("gmemviz \(arguments) did not end within 60 s of its reader going away")
    }
    let signal = raw & 0x7F
    return Ended(
      firstLine: byte == UInt8(ascii: "\n") ? String(decoding: line, as: UTF8.self) : nil, exited: signal == 0,
      status: signal == 0 ? (raw >> 8) & 0xFF : signal,
      stderr: String(decoding: FileManager.default.contents(atPath: errors) ?? Data(), as: UTF8.self))
  }

  /// `gmemviz run FILE | head -1` with FILE printing far more than a pipe holds, and the other commands that
  /// print much: the JSON lines of `run`, a headless recording and an SVG sent to standard output.
  static let commands: [[String]] = [
    ["run", "GENERATED"], ["run", "--json", long], ["play", "--headless", tour, "--record", "/dev/stdout"],
    ["export", tour, "--svg", "/dev/stdout", "--cols", "120", "--rows", "40"],
  ]

  @Test(arguments: commands, [false, true])
  func stopsQuietlyWithStatus141(_ template: [String], sigpipeIgnored: Bool) throws {
    // 5000 reads print some 175 KiB.
    let script = try RunCommandTests.scratchFile(
      "many.gmem", "gmem 8G hugetlb=1G\nbind\nmmap\n" + String(repeating: "host read 0x0\n", count: 5000))
    defer { RunCommandTests.remove(script) }
    let arguments = template.map { $0 == "GENERATED" ? script : $0 }
    let ended = try Self.readOneLineThenClose(arguments, sigpipeIgnored: sigpipeIgnored)
    #expect(ended.firstLine?.isEmpty == false, "the program printed nothing")
    #expect(ended.exited, "killed by signal \(ended.status) instead of stopping")
    #expect(ended.status == 141)
    #expect(ended.stderr == "", "\(ended.stderr)")
  }

  /// `gmemviz diff -v FILE | head -1`: the model and the kernel stop after the step under way.
  @Test(.enabled(if: WriteErrorTests.kvm, "no /dev/kvm here: diff cannot run"), arguments: [false, true])
  func diffStopsQuietlyWithStatus141(sigpipeIgnored: Bool) throws {
    // 3000 steps that agree, a line each with -v: some 180 KiB.
    let script = try RunCommandTests.scratchFile(
      "many.gmem", "gmem 64M flags=mmap,init-shared\nmmap\n" + String(repeating: "host read 0x0\n", count: 3000))
    defer { RunCommandTests.remove(script) }
    let ended = try Self.readOneLineThenClose(["diff", "-v", script], sigpipeIgnored: sigpipeIgnored)
    #expect(ended.firstLine?.hasSuffix("gmem 64M flags=mmap,init-shared  → ok on both") == true, "\(ended)")
    #expect(ended.exited, "killed by signal \(ended.status) instead of stopping")
    #expect(ended.status == 141)
    #expect(ended.stderr == "", "\(ended.stderr)")
  }
}
