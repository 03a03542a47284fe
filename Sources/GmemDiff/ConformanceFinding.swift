import GmemScript

/// One thing `diff` reports about a line of the script.
public enum ConformanceFinding: Equatable, Sendable {
  /// The outcome or the observed state differs.
  case divergence(StepDivergence)
  /// An `expect` line failed on one backend: the scenario is wrong for that backend.
  case expectationFailed(ScriptLine, backend: ConformanceSide, failure: String)
  /// The kernel answered `unsupported`; not a divergence.
  case skipped(ScriptLine, reason: String)
  /// Nothing after this line can be compared, and why.
  case stopped(ScriptLine, reason: String)
  /// A `profile` line names another design than `upstream`, the only one the kernel runs.
  case otherProfile(ScriptLine, name: String)
  /// An `expect` line names words or counters the kernel cannot observe (`parts`, as written); they were checked
  /// on the model only. `checkedInPart` is true when the rest of the line was checked on the kernel too.
  case notObservable(ScriptLine, parts: [String], checkedInPart: Bool)

  /// True for what makes `diff` exit 1: a divergence, a failed expectation, a profile other than upstream.
  public var isProblem: Bool {
    switch self {
    case .divergence, .expectationFailed, .otherProfile: true
    case .skipped, .stopped, .notObservable: false
    }
  }

  /// True for a note that `diff` prints with `--verbose` only: what the kernel could not observe.
  public var isNote: Bool {
    if case .notObservable = self { return true }
    return false
  }

  /// The line the finding is about.
  public var line: ScriptLine {
    switch self {
    case .divergence(let d): d.line
    case .expectationFailed(let line, _, _), .skipped(let line, _), .stopped(let line, _),
      .otherProfile(let line, _), .notObservable(let line, _, _):
      line
    }
  }
}

/// Which backend of a `diff`.
public enum ConformanceSide: String, Sendable {
  /// The model's upstream profile.
  case model
  /// The running kernel.
  case kernel
}
