import GmemModel
import GmemScript

/// Runs a script on the model's `upstream` profile and on the kernel, step by step, and compares each command's
/// outcome and the page state the kernel can observe after it (`gmemviz diff`).
///
/// The kernel goes first. When it answers `unsupported`, the step is skipped, not compared: after a setup step
/// (`profile`, `vm`, `gmem`) nothing else can be; after any other step the model still runs it, and if that
/// changed anything the model shows, the two no longer start from the same state and the run stops there.
/// `expect` lines are checked on both backends, except outcome expectations about a step the kernel skipped; on the
/// kernel, only the part it can observe (`ObservableExpectation`). The model should follow the kernel's features
/// (`ModelSettings.kernel`), so that only design differences diverge.
public final class ConformanceRun {
  /// The model, forced to the upstream profile.
  public let model: any Backend
  /// The kernel (or what stands in for it).
  public let kernel: any Backend
  /// What was found so far.
  public private(set) var report: ConformanceReport
  /// Run the lines on each backend, keeping the result that `expect` lines check.
  private let modelRunner: ScriptRunner
  private let kernelRunner: ScriptRunner
  private var pinnedPages = PageRangeSet()
  private var lastState: (line: Int, difference: StateDifference)?
  private var stopped = false

  /// A run of `file` on `model` (set to profile upstream here) and `kernel`, both fresh.
  public init(model: any Backend, kernel: any Backend, file: String) {
    self.model = model
    self.kernel = kernel
    modelRunner = ScriptRunner(backend: model)
    kernelRunner = ScriptRunner(backend: kernel)
    report = ConformanceReport(file: file)
    _ = model.apply(.profile(.upstream))
  }

  /// Runs every line, calling `observe` after each one that was run, until the end, a stop, or until `interrupt`
  /// (asked before each line) says true.
  @discardableResult
  public func run(
    _ lines: [ScriptLine], observe: (ConformanceStep) -> Void = { _ in }, until interrupt: () -> Bool = { false }
  ) -> ConformanceReport {
    for (index, line) in lines.enumerated() {
      if stopped {
        report.notRun = lines[index...].count {
          if case .command = $0.statement { true } else { false }
        }
        break
      }
      if interrupt() { break }
      guard let step = execute(line) else { continue }
      report.findings += step.findings
      observe(step)
    }
    return report
  }

  /// Runs one line on both backends; nil for presentation lines.
  func execute(_ line: ScriptLine) -> ConformanceStep? {
    switch line.statement {
    case .command(let command): return execute(command, line)
    case .expect(let expectation): return check(expectation, line)
    case .say, .pause, .step: return nil
    }
  }

  private func execute(_ command: Command, _ line: ScriptLine) -> ConformanceStep {
    if case .profile(let profile) = command, profile != .upstream {
      stopped = true
      return ConformanceStep(
        line: line, model: nil, kernel: nil,
        findings: [
          .otherProfile(line, name: profile.rawValue),
          .stopped(line, reason: "the kernel runs Linux 6.18 only, which the model's upstream profile describes"),
        ])
    }
    if case .gmem = command, model.view.vmType == nil {
      // Both need the same VM: the kernel backend's implicit VM is a default one, the only type this kernel
      // creates (KVM_CAP_VM_TYPES = 0x1, kernel-here.md §1), while the model's would be sw-protected.
      _ = model.apply(.vm(.default))
    }
    let kernelResult = kernelRunner.execute(line).result ?? OperationResult(outcome: .ok)
    if case .unsupported(let reason) = kernelResult.outcome {
      return skip(command, line, kernelResult, reason)
    }
    let modelResult = modelRunner.execute(line).result ?? OperationResult(outcome: .ok)
    report.compared += 1
    if case .pin(let range) = command { pinnedPages.insert(pages(range)) }
    let outcomeDiffers = !Self.sameOutcome(modelResult.outcome, kernelResult.outcome)
    let state = ModelKernelComparison.difference(model: model.view, kernel: kernel.view, pinnedPages: pinnedPages)
    var findings: [ConformanceFinding] = []
    if outcomeDiffers || !state.isEmpty {
      let same = lastState.flatMap { $0.difference == state && !state.isEmpty ? $0.line : nil }
      findings.append(
        .divergence(
          StepDivergence(
            line: line, model: modelResult, kernel: kernelResult, outcomeDiffers: outcomeDiffers,
            state: state, sameStateAsLine: same)))
    }
    if state.isEmpty {
      lastState = nil
    } else if lastState?.difference != state {
      lastState = (line.number, state)
    }
    return ConformanceStep(line: line, model: modelResult, kernel: kernelResult, findings: findings)
  }

  /// The kernel cannot do `command`: skip it, and stop when the backends can no longer be compared.
  private func skip(_ command: Command, _ line: ScriptLine, _ kernelResult: OperationResult, _ reason: String)
    -> ConformanceStep
  {
    report.skipped += 1
    var findings: [ConformanceFinding] = [.skipped(line, reason: reason)]
    switch command {
    case .profile, .vm, .gmem:
      stopped = true
      findings.append(.stopped(line, reason: "a setup step the kernel cannot do: the rest cannot be compared"))
      return ConformanceStep(line: line, model: nil, kernel: kernelResult, findings: findings)
    default:
      let before = StateFingerprint(model.view, pinnedPages: pinnedPages)
      let modelResult = modelRunner.execute(line).result ?? OperationResult(outcome: .ok)
      if case .pin(let range) = command { pinnedPages.insert(pages(range)) }
      if StateFingerprint(model.view, pinnedPages: pinnedPages) != before {
        stopped = true
        findings.append(
          .stopped(
            line, reason: "the model's state changed on a step the kernel skipped: the rest cannot be compared"))
      }
      return ConformanceStep(line: line, model: modelResult, kernel: kernelResult, findings: findings)
    }
  }

  private func check(_ expectation: Expectation, _ line: ScriptLine) -> ConformanceStep {
    var findings: [ConformanceFinding] = []
    if let failure = modelRunner.execute(line).failure {
      findings.append(.expectationFailed(line, backend: .model, failure: failure))
    }
    var kernelSkipped = false
    if case .unsupported = kernelRunner.previous?.outcome { kernelSkipped = true }
    if !(kernelSkipped && Self.checksOutcome(expectation)) {
      let kernelRecord = kernelRunner.execute(line)
      if let failure = kernelRecord.failure {
        findings.append(.expectationFailed(line, backend: .kernel, failure: failure))
      }
      if kernelRecord.observed {
        report.expectationsChecked += 1
      } else {
        report.notObservable += 1
      }
      if !kernelRecord.notObservable.isEmpty {
        findings.append(
          .notObservable(line, parts: kernelRecord.notObservable, checkedInPart: kernelRecord.observed))
      }
    }
    return ConformanceStep(line: line, model: nil, kernel: nil, findings: findings)
  }

  /// True for expectations about the previous command's outcome rather than the state.
  private static func checksOutcome(_ expectation: Expectation) -> Bool {
    switch expectation {
    case .ok, .errno, .signal, .exit, .value: true
    case .page, .folio, .count: false
    }
  }

  /// Outcomes agree when their kinds and values agree; an errno's offset counts only when both report one (the
  /// kernel's fallocate, mmap and ioctl errors carry none).
  static func sameOutcome(_ a: Outcome, _ b: Outcome) -> Bool {
    switch (a, b) {
    case (.errno(let x, let xAt), .errno(let y, let yAt)):
      return x == y && (xAt == nil || yAt == nil || xAt == yAt)
    default:
      return a == b
    }
  }

  private func pages(_ range: FileRange) -> Range<Int> {
    let touched = range.touchedPages
    let limit = UInt64(Int.max)
    return Int(min(touched.lowerBound, limit))..<Int(min(touched.upperBound, limit))
  }
}
