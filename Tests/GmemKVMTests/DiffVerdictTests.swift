import GmemDiff
import GmemModel
import GmemScript
import Testing

/// `diff`'s counts and exit status, on a model against a stand-in for the kernel (no /dev/kvm needed): 0 only when
/// every step was compared and nothing differs, 1 when something differs, 3 when a step was skipped or not run.
@Suite
struct DiffVerdictTests {
  /// The report of `script` run on the upstream model and on `kernel`, with the text `diff` prints (`verbose`).
  static func diff(
    _ script: String, kernel: KernelStandIn = KernelStandIn(), model: GuestMemfdModel = GuestMemfdModel(),
    verbose: Bool = false
  ) throws -> (report: ConformanceReport, text: [String]) {
    let lines = try Parser.parse(script, file: "t.gmem")
    let run = ConformanceRun(model: model, kernel: kernel, file: "t.gmem")
    var text: [String] = []
    let report = run.run(lines) { text += DiffOutput.text($0, file: "t.gmem", verbose: verbose) }
    return (report, text)
  }

  static let setup = """
    profile upstream
    vm default
    gmem 16K flags=mmap,init-shared
    """

  @Test func everyStepComparedAndAgreeingExitsZero() throws {
    let (report, text) = try Self.diff(Self.setup + "\nallocate 0\nexpect ok\nexpect count allocated=1\n")
    #expect(report.compared == 4 && report.skipped == 0 && report.notRun == 0 && report.expectationsChecked == 2)
    #expect(report.isComplete && report.conforms && report.exitStatus == 0)
    #expect(text.isEmpty)
    #expect(
      DiffOutput.summary(report)
        == "t.gmem: 4 steps compared, 0 divergences, 0 skipped, 0 failed expectations; 2 expectations checked on the "
        + "kernel, 0 not observable there")
  }

  /// A skipped step that leaves the model as it was: the comparison goes on, but it is not complete.
  @Test func aSkippedStepExitsThree() throws {
    let kernel = KernelStandIn { if case .punch = $0 { "no punch here" } else { nil } }
    let (report, text) = try Self.diff(Self.setup + "\npunch 8K\nallocate 0\n", kernel: kernel)
    #expect(report.compared == 4 && report.skipped == 1 && report.notRun == 0 && report.stoppedAt == nil)
    #expect(report.conforms && !report.isComplete && report.exitStatus == 3)
    #expect(text == ["t.gmem:4: skipped on the kernel (unsupported: no punch here)"])
    #expect(DiffOutput.summary(report).hasSuffix("; incomplete: not every step was compared"))
    #expect(DiffOutput.json(report).contains("\"conforms\":true,\"complete\":false,"))
  }

  /// Issue 9: a skipped setup step ended a diff with exit 0 and no divergence; now the steps it left are counted.
  @Test func aSkippedSetupStepCountsTheStepsNotRunAndExitsThree() throws {
    let kernel = KernelStandIn { if case .vm(.swProtected) = $0 { "no sw-protected VMs" } else { nil } }
    let (report, text) = try Self.diff(
      "profile upstream\nvm sw-protected\ngmem 4M\nexpect ok\nprivate 0+4K\nsay \"done\"\n", kernel: kernel)
    #expect(report.compared == 1 && report.skipped == 1 && report.notRun == 2 && report.stoppedAt == 2)
    #expect(report.exitStatus == 3)
    #expect(
      text == [
        "t.gmem:2: skipped on the kernel (unsupported: no sw-protected VMs)",
        "t.gmem:2: stopped: a setup step the kernel cannot do: the rest cannot be compared",
      ])
    #expect(
      DiffOutput.summary(report)
        == "t.gmem: 1 step compared, 0 divergences, 1 skipped, 0 failed expectations; 0 expectations checked on the "
        + "kernel, 0 not observable there; stopped at line 2, 2 steps not run; incomplete: not every step was compared")
    #expect(DiffOutput.json(report).contains("\"skipped\":1,\"notRun\":2,"))
  }

  /// A divergence outranks a skip: exit 1.
  @Test func aDivergenceWithASkipExitsOne() throws {
    let kernel = KernelStandIn(settings: ModelSettings(emulatedGuestAccess: true)) {
      if case .punch = $0 { "no punch here" } else { nil }
    }
    let (report, _) = try Self.diff(Self.setup + "\npunch 8K\nmmap\nbind gpa=4G\nguest write 4K 0x5a\n", kernel: kernel)
    #expect(report.skipped == 1 && report.divergences > 0)
    #expect(!report.conforms && report.exitStatus == 1)
  }

  /// SPTEs and faultability cannot be read back from a kernel: such an expectation neither holds nor fails there,
  /// is checked on the model only, and is counted; `-v` names it.
  @Test func whatTheKernelCannotObserveIsCountedNotFailed() throws {
    let script =
      Self.setup + """

        allocate 0
        expect page 0 allocated no-spte
        expect count spte=0
        expect page 0 spte=4K faultable
        """
    let (report, text) = try Self.diff(script)
    #expect(report.expectationsChecked == 1 && report.notObservable == 2)
    // spte=4K is false: it fails on the model, and is not observable on the kernel.
    #expect(
      report.findings.filter(\.isProblem) == [
        .expectationFailed(
          ScriptLine(
            number: 7, statement: .expect(.page(FileRange(offset: 0, length: 4096), [.spteLevel(.pte4K), .faultable])),
            source: "expect page 0 spte=4K faultable"),
          backend: .model,
          failure: "page 0x0 is not spte=4K (it is shared faultable allocated unmapped unpinned no-spte)")
      ])
    #expect(
      text == [
        "t.gmem:7: expect page 0 spte=4K faultable: fails on the model: page 0x0 is not spte=4K (it is "
          + "shared faultable allocated unmapped unpinned no-spte)"
      ])
    #expect(report.isComplete && report.exitStatus == 1)
    #expect(DiffOutput.summary(report).hasSuffix("; 1 expectation checked on the kernel, 2 not observable there"))
    let verbose = try Self.diff(script, verbose: true).text
    #expect(verbose.contains("t.gmem:5: expect page 0 allocated no-spte  → holds"))
    #expect(verbose.contains("t.gmem:5: not observable on the kernel: no-spte (the rest is checked on both)"))
    #expect(verbose.contains("t.gmem:6: expect count spte=0  → holds on the model"))
    #expect(verbose.contains("t.gmem:6: not observable on the kernel: spte=0 (checked on the model only)"))
    #expect(
      DiffOutput.json(report).contains(
        "{\"line\":6,\"source\":\"expect count spte=0\",\"kind\":\"notObservable\",\"parts\":[\"spte=0\"],"
          + "\"checkedInPart\":false}"))
  }

  /// The model follows the kernel's features: on Linux 6.12 `flags=mmap` is EINVAL in both, not a divergence.
  @Test func theModelFollowsTheKernelsFeatures() throws {
    let lab = ModelSettings(kernel: .linux612SWProtected)
    let script = "profile upstream\nvm sw-protected\ngmem 4M flags=mmap\nexpect EINVAL\ngmem 4M\nexpect ok\n"
    let agreeing = try Self.diff(script, kernel: KernelStandIn(settings: lab), model: GuestMemfdModel(settings: lab))
    #expect(agreeing.report.compared == 4 && agreeing.report.exitStatus == 0, "\(agreeing.text)")
    // The design as written (Linux 6.18) against the 6.12 kernel: the version, not the design, differs.
    let asDesigned = try Self.diff(script, kernel: KernelStandIn(settings: lab))
    // Line 3 (ok against EINVAL), then line 5 (EBUSY: the model holds the file line 3 made, against ok).
    #expect(asDesigned.report.divergences == 2 && asDesigned.text.first == "t.gmem:3: gmem 4M flags=mmap")
  }
}

/// The private attribute is part of what `diff` compares: the kvm backend knows what it set.
@Suite
struct ObservedAttributeTests {
  @Test func aPrivateRunThatDiffersIsReported() throws {
    let setup = "profile upstream\nvm sw-protected\ngmem 16K\nbind gpa=4G\n"
    let model = GuestMemfdModel()
    let kernel = GuestMemfdModel()
    ScriptRunner(backend: model).run(try Parser.parse(setup + "private 4K+8K\n", file: "m.gmem"))
    ScriptRunner(backend: kernel).run(try Parser.parse(setup + "private 4K\n", file: "k.gmem"))
    let difference = ModelKernelComparison.difference(model: model, kernel: kernel, pinnedPages: PageRangeSet())
    #expect(
      difference.lines == ["  0x2000+0x1000 model private hole, kernel hole", "  count private: model 2, kernel 1"])
  }
}
