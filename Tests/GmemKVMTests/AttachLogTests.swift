import Foundation
import GmemTestSupport
import Testing

extension KVMTests {
  /// `gmemviz attach PID --log` on a GmemAttachFixture process that changes its file when asked: the lines, the
  /// end when the process exits, output that cannot be written (ENOSPC) as one line and exit 2, and a reader that
  /// goes away (EPIPE) as a quiet exit 141.
  @Suite
  struct AttachLogTests {
    static let enabled = KVMFixture.hasGuestMemfd && BuiltProgram.gmemviz != nil && AttachFixture.path != nil
    /// The lines of the first test name the fixture's mapped pages, so it needs its first file mapped.
    static let mapped = enabled && AttachFixture.flags != 0 && KVMFixture.mapsGuestMemfd

    /// `gmemviz attach PID --log` with its standard output sent on by bash as `redirect` says; bash then prints
    /// `status N`, the exit status of gmemviz.
    private static func log(_ pid: Int32, _ redirect: String) throws -> ChildProcess {
      let gmemviz = try #require(BuiltProgram.gmemviz)
      let script = "\"$0\" attach \(pid) --log \(redirect); echo \"status ${PIPESTATUS[0]}\""
      return try #require(ChildProcess("/bin/bash", ["-c", script, gmemviz]))
    }

    @Test(.enabled(if: mapped, KVMFixture.needsMapping))
    func linesForEachChangeUntilTheProcessExits() throws {
      let fixture = try #require(AttachFixture())
      let log = try Self.log(fixture.pid, "")
      #expect(log.readErrorLine()?.hasSuffix("scanned every 100 ms; Ctrl-C ends") == true)
      #expect(fixture.change("allocate 16 4"))
      let line = try #require(log.readLine())
      let time = /[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}/
      #expect(line.prefix(12).wholeMatch(of: time) != nil, "\(line)")
      #expect(line.dropFirst(12) == " 0x10000+0x4000 hole unmapped → allocated unmapped", "\(line)")
      // Pages 3-5 differ (mapped; not uptodate; uptodate): one scan, three runs, one time.
      #expect(fixture.change("punch 3 3"))
      let runs = [log.readLine(), log.readLine(), log.readLine()].compactMap { $0 }
      #expect(
        runs.map { $0.dropFirst(13) } == [
          "0x3000+0x1000 allocated mapped uptodate → hole unmapped", "0x4000+0x1000 allocated unmapped → hole unmapped",
          "0x5000+0x1000 allocated unmapped uptodate → hole unmapped",
        ], "\(runs)")
      #expect(Set(runs.map { $0.prefix(12) }).count == 1, "one scan, one time")
      #expect(fixture.stop() == 0)
      let end = log.finish()
      #expect(end.output.hasSuffix("status 0\n"), "\(end.output)")
      #expect(end.error == "gmemviz attach: pid \(fixture.pid) has exited; the log ends\n", "\(end.error)")
    }

    @Test(.enabled(if: enabled, "/dev/kvm, gmemviz or GmemAttachFixture is missing"))
    func aReaderThatGoesAwayEndsTheLogQuietlyWith141() throws {
      let fixture = try #require(AttachFixture())
      // The reader closes the pipe before it passes the first line on, so the second line meets EPIPE.
      let log = try Self.log(fixture.pid, "| (read -r line; exec 0<&-; echo \"$line\")")
      #expect(log.readErrorLine()?.hasSuffix("Ctrl-C ends") == true)
      #expect(fixture.change("allocate 16 4"))
      #expect(log.readLine()?.hasSuffix(" 0x10000+0x4000 hole unmapped → allocated unmapped") == true)
      #expect(fixture.change("punch 16 4"))
      let end = log.finish()
      #expect(end.output == "status 141\n")
      #expect(end.error == "", "nothing after the first line on standard error: \(end.error)")
      #expect(fixture.stop() == 0)
    }

    @Test(.enabled(if: enabled, "/dev/kvm, gmemviz or GmemAttachFixture is missing"))
    func aFullDiskIsOneLineAndExitTwo() throws {
      let fixture = try #require(AttachFixture())
      let log = try Self.log(fixture.pid, "> /dev/full")
      #expect(log.readErrorLine()?.hasSuffix("Ctrl-C ends") == true)
      #expect(fixture.change("allocate 16 4"))
      let end = log.finish()
      #expect(end.output == "status 2\n")
      #expect(
        end.error == "gmemviz attach: --log: cannot write standard output: No space left on device\n", "\(end.error)")
      #expect(fixture.stop() == 0)
    }
  }
}
