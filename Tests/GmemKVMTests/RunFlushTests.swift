import Foundation
import GmemTestSupport
import Testing

/// `gmemviz run` gathers its lines and writes them a few milliseconds apart (issue 12: a write(2) per line was a
/// sixth of a million-line run). A line still reaches a reader on a pipe while the run goes on: a long operation
/// writes out the lines before it as soon as it reports progress.
struct RunFlushTests {
  /// The lines before `allocate 0+1T` of a shared file, which allocates 524 288 folios one by one (0.4 s in a
  /// release build, seconds in a debug one), arrive while it runs: its own line is not there with them.
  @Test(.enabled(if: BuiltProgram.gmemviz != nil, "the gmemviz binary is missing"))
  func theLinesBeforeALongOperationArriveWhileItRuns() throws {
    let script = "vm sw-protected\ngmem 1T hugetlb=2M\nbind\nshare 0+1T\nexpect ok\nallocate 0+1T\n"
    try InterruptTests.withScript(script) { path in
      let program = try #require(BuiltProgram.gmemviz)
      let child = try #require(ChildProcess(program, ["run", path]))
      var first: [String] = []
      for _ in 0..<5 { first.append(try #require(child.readLine(milliseconds: 60_000), "no output line")) }
      #expect(first.last == "   5  expect ok  → holds", "\(first)")
      // Written together at the end, the allocation's line would be there already.
      #expect(child.readLine(milliseconds: 100) == nil, "the lines came only with the allocation's")
      let (status, rest, error) = child.finish()
      #expect(status == 0, "\(error)")
      #expect(rest.hasSuffix("   6  allocate 0+1T  → ok\n"), "\(rest)")
    }
  }
}
