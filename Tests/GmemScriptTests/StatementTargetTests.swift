import GmemModel
import GmemScript
import Testing

/// A target that keeps what the runner tells it, on a model, with a history it can step back through (as the
/// TUI's session does on undo).
private final class RecordingTarget: StatementTarget {
  var model = GuestMemfdModel()
  var lastResult: OperationResult?
  var applied: [String] = []
  var expectations: [(text: String, failure: String?)] = []
  private var past: [(GuestMemfdModel, OperationResult?)] = []

  var view: any StateView { model }

  func apply(_ command: Command, text: String) -> OperationResult {
    past.append((model.copy(), lastResult))
    applied.append(text)
    lastResult = model.apply(command)
    return lastResult ?? OperationResult(outcome: .ok)
  }

  func noteExpectation(_ text: String, failure: String?) {
    expectations.append((text, failure))
  }

  func undo() {
    guard let (previous, result) = past.popLast() else { return }
    model = previous
    lastResult = result
  }
}

@Suite struct StatementTargetTests {
  /// The setup every test starts from: a 2 MiB file, bound and allocated, so `share` succeeds (and a misaligned
  /// `allocate` does not).
  static let setup = "vm sw-protected\ngmem 2M hugetlb=2M\nbind\nallocate 0+2M"

  @Test func commandsGoToTheTargetWithTheirTextAndEveryExpectationIsNotedOnce() throws {
    let target = RecordingTarget()
    let runner = ScriptRunner(target: target)
    let lines = try Parser.parse(Self.setup + "\nshare 0x1000  # one page\nexpect ok\nexpect EINVAL", file: "t")
    let failed = runner.run(lines)
    #expect(target.applied == ["vm sw-protected", "gmem 2M hugetlb=2M", "bind", "allocate 0+2M", "share 0x1000"])
    #expect(target.expectations.map(\.text) == ["expect ok", "expect EINVAL"])
    #expect(target.expectations[0].failure == nil)
    let failure = try #require(target.expectations[1].failure)
    #expect(failure.hasPrefix("expected EINVAL, got ok"))
    #expect(failed.map(\.line.number) == [7])
  }

  @Test func anExpectationChecksTheTargetsLastResultAfterAnUndo() throws {
    let target = RecordingTarget()
    let runner = ScriptRunner(target: target)
    for line in try Parser.parse(Self.setup + "\nallocate 0x1+0x1000", file: "t") { _ = runner.execute(line) }
    #expect(runner.previous?.outcome.succeeded == false)
    // The misaligned allocate failed; after undoing it the last result is the first allocate's, which succeeded.
    target.undo()
    let record = runner.execute(try #require(try Parser.parse("expect ok", file: "t").first))
    #expect(record.passed, "\(record.failure ?? "")")
    #expect(runner.previous?.outcome.succeeded == true)
  }

  @Test func aBackendTargetKeepsTheLastResultForExpectations() throws {
    let runner = ScriptRunner(backend: GuestMemfdModel())
    let lines = try Parser.parse(
      "gmem 2M hugetlb=2M\nexpect ok\nallocate 0x1+0x1000\nexpect EINVAL\nexpect ok", file: "t")
    let failed = runner.run(lines)
    #expect(failed.map(\.line.number) == [5])
  }
}
