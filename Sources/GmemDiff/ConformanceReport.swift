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
}
