import Foundation
import Testing

/// Issue 14 item 4: output that cannot be written is an error (one line, exit 2), and a file is written whole or
/// not at all.
@Suite("write errors")
struct WriteErrorTests {
  static let tour = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Assets/scenarios/tour.gmem").path
  static let conformance = URL(fileURLWithPath: tour).deletingLastPathComponent()
    .appendingPathComponent("conformance/upstream_fallocate.gmem").path

  /// Runs gmemviz with standard output on /dev/full: (status, standard error).
  static func runToDevFull(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let p = Process()
    p.executableURL = RunCommandTests.binary
    p.arguments = arguments
    p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
    let err = Pipe()
    p.standardError = err
    try p.run()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: e, as: UTF8.self))
  }

  static let kvm = FileManager.default.isReadableFile(atPath: "/dev/kvm")

  @Test(arguments: [
    ["run", tour], ["run", "--json", tour], ["run", "--verbose", tour],
  ])
  func standardOutputOnDevFullExitsTwo(_ arguments: [String]) throws {
    let r = try Self.runToDevFull(arguments)
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz: cannot write standard output: No space left on device\n")
  }

  @Test(
    .enabled(if: kvm, "no /dev/kvm here: caps and diff cannot run"),
    arguments: [
      ["caps"], ["caps", "--json"], ["diff", conformance], ["diff", "--json", conformance],
    ])
  func kernelCommandsOnDevFullExitTwo(_ arguments: [String]) throws {
    let r = try Self.runToDevFull(arguments)
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz: cannot write standard output: No space left on device\n")
  }

  @Test func exportToDevFullExitsTwo() throws {
    let r = try RunCommandTests.run(["export", Self.tour, "--svg", "/dev/full"])
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz export: cannot write /dev/full: No space left on device\n")
  }

  @Test func aHeadlessRecordingToDevFullExitsTwo() throws {
    let r = try RunCommandTests.run(["play", "--headless", "--record", "/dev/full", Self.tour])
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz play: --record: cannot write /dev/full: No space left on device\n")
  }

  @Test func anExportIntoAMissingDirectoryWritesNothing() throws {
    let r = try RunCommandTests.run(["export", Self.tour, "--svg", "/nonexistent/dir/x.svg"])
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz export: cannot write /nonexistent/dir/x.svg: No such file or directory\n")
  }

  /// A write that fails half way (the file size limit, EFBIG) leaves neither a partial file nor a temporary one,
  /// and an existing file keeps its content.
  @Test(arguments: [["export", tour, "--svg", "OUT"], ["play", "--headless", tour, "--record", "OUT"]])
  func aWriteThatFailsHalfWayLeavesNoPartialFile(_ template: [String]) throws {
    let placeholder = try RunCommandTests.scratchFile("placeholder", "")
    defer { RunCommandTests.remove(placeholder) }
    let directory = URL(fileURLWithPath: placeholder).deletingLastPathComponent()
    try FileManager.default.removeItem(atPath: placeholder)
    let out = directory.appendingPathComponent("out").path
    let arguments = template.map { $0 == "OUT" ? out : $0 }
    // 32 KiB at most per file; SIGXFSZ ignored, so the write fails with EFBIG instead of killing the program.
    let script = "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""
    let run = { () throws -> (Int32, String) in
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/bin/sh")
      p.arguments = ["-c", script, RunCommandTests.binary.path] + arguments
      let err = Pipe()
      p.standardError = err
      p.standardOutput = FileHandle.nullDevice
      try p.run()
      let e = err.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }
    let (status, stderr) = try run()
    #expect(status == 2)
    #expect(stderr.hasSuffix("cannot write \(out): File too large\n"), "\(stderr)")
    #expect(stderr.split(separator: "\n").count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)

    try Data("before\n".utf8).write(to: URL(fileURLWithPath: out))
    let (again, _) = try run()
    #expect(again == 2)
    #expect(FileManager.default.contents(atPath: out) == Data("before\n".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out"])
  }
}
