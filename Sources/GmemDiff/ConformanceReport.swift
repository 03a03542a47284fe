/// What `diff` found over a whole script.
public struct ConformanceReport: Equatable, Sendable {
  /// The script's name, as given.
  public var file: String
  /// Every finding, in line order.
  public var findings: [ConformanceFinding] = []
  /// Commands run on both backends and compared.
  public var compared = 0
  /// Commands the kernel skipped as unsupported.
  public var skipped = 0
  /// Commands after a stop, which ran on neither backend.
  public var notRun = 0
  /// `expect` lines checked on the kernel, wholly or in part (every one is checked on the model).
  public var expectationsChecked = 0
  /// `expect` lines of which the kernel can observe nothing: checked on the model only.
  public var notObservable = 0

  public init(file: String) {
    self.file = file
  }

  /// Commands whose outcome or observed state differs.
  public var divergences: Int {
    findings.count { if case .divergence = $0 { true } else { false } }
  }

  /// `expect` lines that failed on either backend (counted once per backend).
  public var expectationFailures: Int {
    findings.count { if case .expectationFailed = $0 { true } else { false } }
  }

  /// The line after which nothing was compared, if the run stopped early.
  public var stoppedAt: Int? {
    for finding in findings { if case .stopped(let line, _) = finding { return line.number } }
    return nil
  }

  /// True when nothing differs and every expectation held.
  public var conforms: Bool { !findings.contains { $0.isProblem } }

  /// True when every command of the script ran on both backends and was compared: none skipped, no stop.
  public var isComplete: Bool { skipped == 0 && notRun == 0 && stoppedAt == nil }

  /// `diff`'s exit status for the report: 1 when something differs or an expectation failed, else 3 when not every
  /// step was compared, else 0. (2, errors, and 128 + N, signals, are the command's.)
  public var exitStatus: Int32 {
    if !conforms { return 1 }
    return isComplete ? 0 : 3
  }
}
