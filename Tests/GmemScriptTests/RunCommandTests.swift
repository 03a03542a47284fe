import Foundation
import GmemModel
import GmemTestSupport
import Testing

/// `gmemviz run` end to end: the built binary, its output and its exit status (SCENARIO.md "Running").
@Suite("gmemviz run")
struct RunCommandTests {
  /// The `gmemviz` binary `swift test` built beside the test bundle.
  static let binary = URL(fileURLWithPath: BuiltProgram.gmemviz ?? "/nonexistent/gmemviz")

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary with `arguments`; a run still going after `killAfterSeconds` is killed (status 137).
  static func run(_ arguments: [String], killAfterSeconds: Double = 600) throws -> Run {
    #expect(
      FileManager.default.isExecutableFile(atPath: binary.path), "build the gmemviz product first")
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let watchdog = DispatchWorkItem { [p] in if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + killAfterSeconds, execute: watchdog)
    defer { watchdog.cancel() }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static func scratchFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gmemviz-run-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  /// Removes the directory a scratch file was made in.
  static func remove(_ path: String) {
    try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
  }

  static func scratchFile(_ name: String, _ text: String) throws -> String {
    try scratchFile(name, Array(text.utf8))
  }

  static let passing = """
    profile rfc1
    vm sw-protected
    gmem 2G hugetlb=1G
    bind
    allocate 0+2G
    private 0+2G
    expect count whole-folios=2
    share 0x1000   # one 4K page
    expect folio 0 split
    expect page 0x1000 shared faultable allocated
    say "ignored by run"
    step
    """

  @Test func everyExpectationHoldsExitsZero() throws {
    let path = try Self.scratchFile("pass.gmem", Self.passing)
    defer { Self.remove(path) }
    let r = try Self.run(["run", path])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 10)  // one line per command and expectation; say/step print nothing
    #expect(lines.first?.contains("1  profile rfc1  → ok") == true)
    #expect(lines.contains { $0.contains("share 0x1000") && $0.hasSuffix("→ ok") })
    #expect(r.stderr.isEmpty)
  }

  @Test func verbosePrintsKernelEvents() throws {
    let path = try Self.scratchFile("verbose.gmem", Self.passing)
    defer { Self.remove(path) }
    let r = try Self.run(["run", path, "--verbose"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("split folio 0: vmemmap restored"))
    #expect(r.stdout.contains("merged folios 0..1"))
  }

  @Test func aFailedExpectationExitsOneAndNamesTheLine() throws {
    let path = try Self.scratchFile(
      "fail.gmem",
      "vm snp\ngmem 4K hugetlb=4K\nallocate 0\nexpect EINVAL\nexpect page 0 allocated\n")
    defer { Self.remove(path) }
    let r = try Self.run(["run", path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("fail.gmem:4: expected EINVAL, got ok"))
    #expect(r.stdout.contains("FAILED"))
  }

  @Test func aParseErrorExitsTwoWithLineAndColumn() throws {
    let path = try Self.scratchFile("bad.gmem", "vm snp\ngmem 4K\nallocate 0x+4K\n")
    defer { Self.remove(path) }
    let r = try Self.run(["run", path])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("\(path):3:10: "))
    #expect(r.stdout.isEmpty, "nothing runs when the file does not parse")
  }

  @Test func aMissingFileExitsTwo() throws {
    let r = try Self.run(["run", "/nonexistent/dir/x.gmem"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("cannot read /nonexistent/dir/x.gmem: No such file or directory"))
  }

  @Test func aDirectoryExitsTwo() throws {
    let r = try Self.run(["run", FileManager.default.temporaryDirectory.path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("Is a directory"))
  }

  /// Issue 14 item 9: `run FIFO` with no writer blocked forever in open(2).
  @Test func aFIFOIsRefusedWithoutBlocking() throws {
    let path = try Self.scratchFile("placeholder", "")
    defer { Self.remove(path) }
    let fifo = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("fifo.gmem").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for arguments in [["run", fifo], ["diff", fifo], ["export", fifo, "--svg", fifo + ".svg"]] {
      let r = try Self.run(arguments, killAfterSeconds: 20)
      #expect(r.status == 2, "\(arguments)")
      #expect(
        r.stderr == "gmemviz: cannot read \(fifo): a FIFO with no writer, or an empty pipe: nothing to read\n",
        "\(arguments)")
    }
  }

  /// A FIFO whose writer is there (as `<(…)` gives) is read like a file, even when the writer is slow to write.
  @Test func aFIFOWithAWriterIsRead() throws {
    let path = try Self.scratchFile("placeholder", "")
    defer { Self.remove(path) }
    let fifo = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("fifo.gmem").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/bin/sh")
    writer.arguments = ["-c", "exec 3>\"$0\"; sleep 1; printf 'gmem 1G\\nexpect ok\\n' >&3", fifo]
    try writer.run()
    defer { writer.waitUntilExit() }
    usleep(200_000)  // the writer opens the FIFO first
    let r = try Self.run(["run", fifo], killAfterSeconds: 20)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("gmem 1G  → ok"), "\(r.stdout)")
  }

  /// `-` reads the script from standard input.
  @Test func aDashReadsStandardInput() throws {
    let p = Process()
    p.executableURL = Self.binary
    p.arguments = ["run", "-"]
    let input = Pipe()
    let out = Pipe()
    p.standardInput = input
    p.standardOutput = out
    try p.run()
    input.fileHandleForWriting.write(Data("gmem 1G\nexpect ok\n".utf8))
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    #expect(String(decoding: o, as: UTF8.self).contains("gmem 1G  → ok"))
  }

  @Test func aDeviceIsRefused() throws {
    let r = try Self.run(["run", "/dev/zero"])
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz: cannot read /dev/zero: not a regular file (a device)\n")
  }

  /// Issue 14 item 13: on an 8G file `expect folio 0xffffffffffffffff whole` said "it is a hole" while
  /// `expect page 0xfffffffffffff000` said "not inside the file".
  @Test func anOffsetPastTheEndHasOneMessage() throws {
    let path = try Self.scratchFile(
      "end.gmem",
      """
      gmem 8G hugetlb=1G
      expect folio 0xffffffffffffffff whole
      expect page 0xfffffffffffff000 private
      expect folio 8G split
      expect page 8G private
      """)
    defer { Self.remove(path) }
    let r = try Self.run(["run", path])
    #expect(r.status == 1)
    #expect(
      r.stderr.split(separator: "\n") == [
        "\(path):2: 0xffffffffffffffff is not inside the file (2097152 pages)",
        "\(path):3: 0xfffffffffffff000+0x1000 is not inside the file (2097152 pages)",
        "\(path):4: 0x200000000 is not inside the file (2097152 pages)",
        "\(path):5: 0x200000000+0x1000 is not inside the file (2097152 pages)",
      ])
  }

  @Test func binaryGarbageExitsTwoWithoutCrashing() throws {
    var rng = SplitMix64(seed: 99)
    let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let path = try Self.scratchFile("garbage.gmem", bytes)
    defer { Self.remove(path) }
    let r = try Self.run(["run", path])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("\(path):"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func jsonPrintsOneObjectPerLine() throws {
    let path = try Self.scratchFile(
      "json.gmem", "vm snp\ngmem 4K hugetlb=4K\nmmap\nhost read 0\nexpect SIGBUS at 0\n")
    defer { Self.remove(path) }
    let r = try Self.run(["run", path, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let objects = try r.stdout.split(separator: "\n").map {
      try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(objects.count == 5)
    let read = objects[3]
    #expect(read["line"] as? Int == 4)
    #expect(read["command"] as? String == "host read 0")
    #expect(read["signal"] as? String == "SIGBUS")
    #expect(read["events"] is [Any])
    #expect(objects[4]["passed"] as? Bool == true)
  }

  @Test func anUnknownBackendIsRefusedClearly() throws {
    let path = try Self.scratchFile("backend.gmem", "vm default\n")
    defer { Self.remove(path) }
    let r = try Self.run(["run", path, "--backend", "xen"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("--backend xen: expected model or kvm"))
  }

  @Test(
    .enabled(if: FileManager.default.isReadableFile(atPath: "/dev/kvm"), "no /dev/kvm here: the kvm backend cannot run")
  )
  func theKVMBackendSaysWhatItCannotDo() throws {
    let path = try Self.scratchFile("kvm.gmem", "profile rfc1\nexpect ok\n")
    defer { Self.remove(path) }
    let r = try Self.run(["run", path, "--backend", "kvm"])
    #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("unsupported"))
  }

}
