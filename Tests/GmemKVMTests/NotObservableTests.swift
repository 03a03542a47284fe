import GmemModel
import GmemScript
import GmemTestSupport
import Testing

/// `run` on a backend read back from a kernel: what it cannot observe is "not observable here", neither held nor
/// failed, and counted in the last line (no /dev/kvm needed: a stand-in model that presents itself as the kernel).
@Suite
struct NotObservableTests {
  /// The records and the summary of `script` run on the stand-in.
  static func run(_ script: String) throws -> (records: [StepRecord], summary: RunSummary) {
    let runner = ScriptRunner(backend: KernelStandIn())
    var records: [StepRecord] = []
    var summary = RunSummary()
    runner.run(try Parser.parse(script, file: "t.gmem")) {
      records.append($0)
      summary.add($0)
    }
    return (records, summary)
  }

  static let script = """
    profile upstream
    vm default
    gmem 16K flags=mmap,init-shared
    allocate 0
    expect page 0 allocated spte=1G
    expect count spte=7 faultable=0
    expect page 0 unfaultable
    expect count allocated=2
    pool 1G=1
    """

  @Test func theKernelSideChecksOnlyWhatItObserves() throws {
    let (records, summary) = try Self.run(Self.script)
    let text = records.compactMap(RunOutput.text)
    #expect(
      Array(text[4...7]) == [
        "   5  expect page 0 allocated spte=1G  → holds  (spte=1G not observable here)",
        "   6  expect count spte=7 faultable=0  → not observable here (spte=7 faultable=0)",
        "   7  expect page 0 unfaultable  → not observable here (unfaultable)",
        "   8  expect count allocated=2  → FAILED: allocated is 1, expected 2",
      ])
    #expect(records[5].passed && !records[5].observed)
    #expect(
      RunOutput.json(records[5])
        == "{\"line\":6,\"expect\":\"expect count spte=7 faultable=0\",\"passed\":null,"
        + "\"notObservable\":[\"spte=7\",\"faultable=0\"]}")
    #expect(
      RunOutput.json(records[4])
        == "{\"line\":5,\"expect\":\"expect page 0 allocated spte=1G\",\"passed\":true,\"notObservable\":[\"spte=1G\"]}"
    )
    #expect(summary.commands == 5 && summary.checked == 2 && summary.failed == 1 && summary.notObservable == 2)
    #expect(
      summary.text(file: "t.gmem")
        == "t.gmem: 5 commands, 0 unsupported; 2 expectations checked (1 in part), 1 failed, 2 not observable "
        + "here")
    #expect(
      summary.json(file: "t.gmem")
        == "{\"summary\":true,\"file\":\"t.gmem\",\"commands\":5,\"unsupported\":0,\"checked\":2,\"failed\":1,"
        + "\"notObservable\":2,\"partlyObservable\":1}")
  }

  /// On the model, every word is observable: the same lines hold or fail.
  @Test func theModelChecksEverything() throws {
    let runner = ScriptRunner(backend: GuestMemfdModel())
    let records = runner.run(try Parser.parse(Self.script, file: "t.gmem"))
    #expect(records.map(\.line.number) == [5, 6, 7, 8])
  }

  @Test func kernelObservabilityOfEachWordAndCounter() {
    let hidden = StateWord.all.filter { !ObservableExpectation.kernelObserves($0) }
    #expect(
      hidden == [.faultable, .unfaultable, .spte, .noSPTE, .spteLevel(.pte4K), .spteLevel(.pmd2M), .spteLevel(.pud1G)])
    let hiddenCounters = CounterName.allCases.filter { !ObservableExpectation.kernelObserves($0) }
    #expect(hiddenCounters == [.faultable, .spte, .poolFree, .poolResv, .vmemmapRestored])
  }
}

extension KVMTests {
  /// `run --backend kvm` on the running kernel: SPTEs are not observable there.
  @Suite
  struct RunNotObservableTests {
    @Test(.enabled(if: KVMFixture.hasGuestMemfd && BuiltProgram.gmemviz != nil, "needs gmemviz and guest_memfd"))
    func anSPTEExpectationIsNotObservableAndTheRunPasses() throws {
      // On the first VM type with guest_memfd: default here, sw-protected on the lab's 6.12.
      let type = try #require(KVMFixture.guestMemfdVM).type
      let (run, path) = KVMTests.DiffTests.withScript(
        """
        vm \(type.rawValue)
        gmem 16K
        allocate 0
        expect page 0 allocated no-spte
        expect count spte=0
        """
      ) { path in (BuiltProgram.runGmemviz(["run", path, "--backend", "kvm"]), path) }
      #expect(run.status == 0, "\(run.output)\(run.error)")
      #expect(
        run.output.split(separator: "\n").suffix(3).map(String.init) == [
          "   4  expect page 0 allocated no-spte  → holds  (no-spte not observable here)",
          "   5  expect count spte=0  → not observable here (spte=0)",
          "\(path): 3 commands, 0 unsupported; 1 expectation checked (1 in part), 0 failed, 1 not observable "
            + "here",
        ])
    }
  }
}
