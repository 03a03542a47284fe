import GmemModel

/// The counts of a `run`: commands run and how many the backend could not do, expectations checked, failed, and
/// not observable on the backend at all. `run --backend kvm` prints it last.
public struct RunSummary: Equatable, Sendable {
  /// Commands applied.
  public var commands = 0
  /// Commands the backend answered `unsupported`.
  public var unsupported = 0
  /// Expectations checked, wholly or in part.
  public var checked = 0
  /// Expectations checked that failed.
  public var failed = 0
  /// Expectations of which nothing could be observed: neither held nor failed.
  public var notObservable = 0
  /// Expectations checked in part: some of their words or counters could not be observed.
  public var partlyObservable = 0

  public init() {}

  /// Counts `record`.
  public mutating func add(_ record: StepRecord) {
    if let result = record.result {
      commands += 1
      if case .unsupported = result.outcome { unsupported += 1 }
      return
    }
    guard case .expect = record.line.statement else { return }
    guard record.observed else {
      notObservable += 1
      return
    }
    checked += 1
    if !record.passed { failed += 1 }
    if !record.notObservable.isEmpty { partlyObservable += 1 }
  }

  /// `FILE: 40 commands, 2 unsupported; 120 expectations checked (12 in part), 0 failed, 35 not observable here`.
  public func text(file: String) -> String {
    "\(file): \(Self.plural(commands, "command")), \(unsupported) unsupported; "
      + "\(Self.plural(checked, "expectation")) checked"
      + (partlyObservable > 0 ? " (\(partlyObservable) in part)" : "")
      + ", \(failed) failed, \(notObservable) not observable here"
  }

  /// The counts as one JSON object, with `"summary": true` to tell it from the lines of the steps.
  public func json(file: String) -> String {
    let fields: [(String, String)] = [
      ("summary", "true"), ("file", RunOutput.quote(file)), ("commands", "\(commands)"),
      ("unsupported", "\(unsupported)"), ("checked", "\(checked)"), ("failed", "\(failed)"),
      ("notObservable", "\(notObservable)"), ("partlyObservable", "\(partlyObservable)"),
    ]
    return "{" + fields.map { "\(RunOutput.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
  }

  private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
