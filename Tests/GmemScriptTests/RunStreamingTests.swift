import Foundation
import Testing

/// `gmemviz run` on a script longer than it parses whole (1 MiB): the lines run as they are parsed.
@Suite("gmemviz run, streamed")
struct RunStreamingTests {
  /// 1.1 MiB of comment lines.
  private static let filler = String(repeating: "# " + String(repeating: "x", count: 62) + "\n", count: 18_000)

  @Test func aParseErrorInALongScriptStopsItAfterTheLinesBefore() throws {
    let text = "\u{FEFF}vm snp\r\n" + Self.filler + "gmem 1G\nallocate 0x+4K\nallocate 0+4K\n"
    let path = try RunCommandTests.scratchFile("long.gmem", text)
    defer { RunCommandTests.remove(path) }
    let r = try RunCommandTests.run(["run", path])
    #expect(r.status == 2)
    #expect(r.stderr == "\(path):18003:10: invalid number '0x'\n", "\(r.stderr)")
    #expect(r.stdout.contains("   1  vm snp  → ok"), "the byte order mark and the CR are dropped:\n\(r.stdout)")
    #expect(r.stdout.contains("18002  gmem 1G  → ok"))
    #expect(!r.stdout.contains("allocate"), "nothing after the error runs")
  }

  @Test func aLongScriptWithoutAnErrorRunsToTheEnd() throws {
    let path = try RunCommandTests.scratchFile("long.gmem", "vm snp\n" + Self.filler + "gmem 1G\nexpect ok")
    defer { RunCommandTests.remove(path) }
    let r = try RunCommandTests.run(["run", path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.hasSuffix("18003  expect ok  → holds\n"), "\(r.stdout.suffix(200))")
  }

  @Test func aLineLongerThanOneMiBIsRefused() throws {
    let path = try RunCommandTests.scratchFile("one-line.gmem", "say \"" + String(repeating: "y", count: 1 << 21))
    defer { RunCommandTests.remove(path) }
    let r = try RunCommandTests.run(["run", path])
    #expect(r.status == 2)
    #expect(r.stderr == "gmemviz: cannot read \(path): line 1 is longer than 1 MiB\n", "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }
}
