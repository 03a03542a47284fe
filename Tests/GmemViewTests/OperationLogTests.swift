import GmemView
import Testing

/// The log the session and the screen share: one store, copies that see their own entries.
@Suite struct OperationLogTests {
  private func entry(_ n: Int, _ command: String = "share 0x1000") -> LogEntry {
    LogEntry(sequence: n, command: command, outcome: "ok", succeeded: true)
  }

  @Test func aCopyKeepsItsEntriesWhileTheOriginalGrows() {
    var log: OperationLog = [entry(1), entry(2)]
    let screen = log
    log.append(entry(3))
    #expect(screen.map(\.sequence) == [1, 2])
    #expect(log.map(\.sequence) == [1, 2, 3])
    #expect(screen != log)
  }

  @Test func appendingAfterACutLeavesCopiesThatSawMoreAsTheyWere() {
    var log: OperationLog = [entry(1), entry(2), entry(3)]
    let before = log
    log.removeLast(2)
    log.append(entry(2, "private 0x1000"))
    #expect(before.map(\.command) == ["share 0x1000", "share 0x1000", "share 0x1000"])
    #expect(log.map(\.command) == ["share 0x1000", "private 0x1000"])
    log.append(entry(3))
    #expect(log.map(\.sequence) == [1, 2, 3])
    #expect(before.map(\.sequence) == [1, 2, 3])
  }

  @Test func redoingACutEntryIsTheSameLog() {
    var log: OperationLog = [entry(1), entry(2)]
    let screen = log
    log.removeLast(1)
    #expect(log.count == 1)
    log.append(entry(2))
    #expect(log == screen)
  }

  @Test func twoCopiesAppendingInTurnDoNotSeeEachOther() {
    var a: OperationLog = [entry(1)]
    var b = a
    a.append(entry(2, "a"))
    b.append(entry(2, "b"))
    #expect(a.map(\.command) == ["share 0x1000", "a"])
    #expect(b.map(\.command) == ["share 0x1000", "b"])
    #expect(OperationLog((1...100).map { entry($0) }).map(\.sequence) == Array(1...100))
  }
}
