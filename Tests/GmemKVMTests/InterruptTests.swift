import Foundation
import GmemTestSupport
import Testing

/// Issue 14 item 5: a signal to `gmemviz run … | cat` left standard output empty although 10 of 11 commands had
/// finished. Now every line is out as it is printed, and SIGINT/SIGTERM/SIGHUP end the run after the current
/// command (a long kernel operation stops between chunks with EINTR) with a last line on standard error and exit
/// status 128 + the signal.
struct InterruptTests {
  /// Writes `text` to a scratch script; `body` gets its path, and the directory is removed after.
  static func withScript<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-interrupt-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("long.gmem").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return try body(path)
  }

  /// Starts `gmemviz ARGUMENTS` with its output on a socket (as `| cat` would), reads `lines` lines (and, when
  /// given, waits for a line of standard error starting with `progress`), sends `signal`, and collects the rest:
  /// (status, every line of standard output, the rest of standard error).
  static func interrupt(
    _ arguments: [String], after lines: Int, progress: String? = nil, with signal: Int32
  ) throws -> (status: Int32, output: [String], error: String) {
    let path = try #require(BuiltProgram.gmemviz)
    let child = try #require(ChildProcess(path, arguments))
    var seen: [String] = []
    for _ in 0..<lines { seen.append(try #require(child.readLine(milliseconds: 60_000), "no output line")) }
    if let progress {
      while let line = child.readErrorLine(milliseconds: 60_000), !line.hasPrefix(progress) {}
    }
    kill(child.pid, signal)
    let (status, rest, error) = child.finish()
    return (status, seen + rest.split(separator: "\n").map(String.init), error)
  }

  /// The numbered result lines are lines 1, 2, … in order, the last one the line named in the interruption.
  static func expectContiguous(_ output: [String], error: String, signal: String, file: String) {
    let numbers = output.compactMap { Int($0.split(separator: " ").first ?? "") }
    #expect(numbers == Array(1...numbers.count), "\(output.prefix(3))")
    #expect(
      error.hasSuffix("\(file): interrupted by \(signal) after line \(numbers.count); the rest did not run\n"),
      "\(error)")
  }

  @Test(
    .enabled(if: KVMFixture.mapsGuestMemfd && BuiltProgram.gmemviz != nil, KVMFixture.needsMapping),
    .serialized, arguments: [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT"), (SIGHUP, "SIGHUP")])
  func aSignalDuringALongKernelOperationKeepsWhatFinished(_ signal: Int32, _ name: String) throws {
    let script = """
      profile upstream
      vm default
      gmem 4G flags=mmap,init-shared
      mmap
      allocate 0+2M
      host write 0 0xaa
      host read 0
      expect value 0xaa
      punch 0+2M
      allocate 0+4G
      host write 0+4G 0x55
      """
    let (status, output, _) = try Self.withScript(script) { path in
      let run = try Self.interrupt(
        ["run", path, "--backend", "kvm"], after: 9, progress: "fallocate(KEEP_SIZE): 1.0 GiB", with: signal)
      Self.expectContiguous(run.output, error: run.error, signal: name, file: path)
      return run
    }
    #expect(status == 128 + signal)
    // The signal came during `allocate 0+4G`: it stops between chunks, and what was done stays done.
    #expect(output.count == 10)
    #expect(output[8].contains("punch 0+2M  → ok"))
    #expect(output.last?.contains("allocate 0+4G  → EINTR at 0x") == true, "\(output)")
  }

  @Test(.enabled(if: BuiltProgram.gmemviz != nil, "the gmemviz binary is missing"))
  func aSignalDuringALongModelRunKeepsWhatFinished() throws {
    var script = "vm sw-protected\ngmem 8G hugetlb=1G\nbind\nallocate 0+8G\nmmap\n"
    for i in 0..<100_000 { script += "share \(i % 2048 * 4096)\nprivate \(i % 2048 * 4096)\n" }
    let (status, output, _) = try Self.withScript(script) { path in
      let run = try Self.interrupt(["run", path], after: 10, with: SIGTERM)
      Self.expectContiguous(run.output, error: run.error, signal: "SIGTERM", file: path)
      return run
    }
    #expect(status == 143)
    #expect(output.count >= 10 && output.count < 200_005)
  }

  @Test(
    .enabled(if: KVMFixture.isAvailable && BuiltProgram.gmemviz != nil, "/dev/kvm or the gmemviz binary is missing"))
  func diffStopsOnASignalWithItsSummary() throws {
    var script = "profile upstream\nvm default\ngmem 64M flags=mmap,init-shared\nmmap\nbind\n"
    for i in 0..<20_000 { script += "allocate \(i % 16384 * 4096)\npunch \(i % 16384 * 4096)\n" }
    try Self.withScript(script) { path in
      let program = try #require(BuiltProgram.gmemviz)
      let child = try #require(ChildProcess(program, ["diff", path, "-v"]))
      for _ in 0..<20 { _ = try #require(child.readLine(milliseconds: 60_000)) }
      kill(child.pid, SIGTERM)
      let (status, output, error) = child.finish()
      #expect(status == 143)
      #expect(output.split(separator: "\n").last?.hasPrefix("\(path): ") == true, "the summary is printed")
      #expect(error.contains("\(path): interrupted by SIGTERM after line "), "\(error)")
    }
  }
}
