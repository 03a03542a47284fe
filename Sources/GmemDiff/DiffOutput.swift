import GmemModel
import GmemScript

/// The text and JSON `gmemviz diff` prints.
public enum DiffOutput {
  /// The lines for one step: its findings, or with `verbose` also a line for a step that agrees and what the
  /// kernel could not observe.
  public static func text(_ step: ConformanceStep, file: String, verbose: Bool) -> [String] {
    let head = "\(file):\(step.line.number):"
    var out: [String] = []
    if verbose && step.findings.allSatisfy(\.isNote) {
      if let model = step.model {
        out.append("\(head) \(step.line.source)  → \(model.outcome.text) on both")
      } else if case .expect = step.line.statement {
        let onModelOnly = step.findings.contains {
          if case .notObservable(_, _, checkedInPart: false) = $0 { true } else { false }
        }
        out.append("\(head) \(step.line.source)  → holds" + (onModelOnly ? " on the model" : ""))
      }
    }
    for finding in step.findings where verbose || !finding.isNote { out += text(finding, head: head) }
    return out
  }

  private static func text(_ finding: ConformanceFinding, head: String) -> [String] {
    switch finding {
    case .divergence(let d):
      var out = [
        "\(head) \(d.line.source)", "  model:  \(resultText(d.model))", "  kernel: \(resultText(d.kernel))",
      ]
      if let line = d.sameStateAsLine {
        out.append("  state: the same difference as after line \(line)")
      } else {
        out += d.state.lines
      }
      return out
    case .expectationFailed(let line, let side, let failure):
      return ["\(head) \(line.source): fails on the \(side.rawValue): \(failure)"]
    case .skipped(_, let reason):
      return ["\(head) skipped on the kernel (unsupported: \(reason))"]
    case .stopped(_, let reason):
      return ["\(head) stopped: \(reason)"]
    case .otherProfile(_, let name):
      return ["\(head) profile \(name): diff compares the model's upstream profile with the kernel"]
    case .notObservable(_, let parts, let checkedInPart):
      return [
        "\(head) not observable on the kernel: \(parts.joined(separator: " "))"
          + (checkedInPart ? " (the rest is checked on both)" : " (checked on the model only)")
      ]
    }
  }

  /// `EINVAL (why)` for a failure, the bare outcome otherwise.
  private static func resultText(_ result: OperationResult) -> String {
    var s = result.outcome.text
    if !result.outcome.succeeded, let detail = result.detail { s += " (\(detail))" }
    return s
  }

  /// `FILE: 57 steps compared, 0 divergences, 2 skipped, 0 failed expectations; 40 expectations checked on the
  /// kernel, 12 not observable there`, where it stopped and how many steps did not run, and `incomplete` when not
  /// every step was compared although nothing differs.
  public static func summary(_ report: ConformanceReport) -> String {
    var s =
      "\(report.file): \(plural(report.compared, "step")) compared, \(plural(report.divergences, "divergence")), "
      + "\(report.skipped) skipped, \(plural(report.expectationFailures, "failed expectation")); "
      + "\(plural(report.expectationsChecked, "expectation")) checked on the kernel, "
      + "\(report.notObservable) not observable there"
    if let line = report.stoppedAt {
      s += "; stopped at line \(line), \(plural(report.notRun, "step")) not run"
    }
    if report.conforms && !report.isComplete { s += "; incomplete: not every step was compared" }
    return s
  }

  private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

  /// The whole report as one JSON object: the counts and every finding.
  public static func json(_ report: ConformanceReport) -> String {
    let q = RunOutput.quote
    let fields: [(String, String)] = [
      ("file", q(report.file)), ("conforms", "\(report.conforms)"), ("complete", "\(report.isComplete)"),
      ("compared", "\(report.compared)"), ("divergences", "\(report.divergences)"), ("skipped", "\(report.skipped)"),
      ("notRun", "\(report.notRun)"), ("failedExpectations", "\(report.expectationFailures)"),
      ("expectationsChecked", "\(report.expectationsChecked)"), ("notObservable", "\(report.notObservable)"),
      ("stoppedAt", report.stoppedAt.map { "\($0)" } ?? "null"),
      ("findings", "[" + report.findings.map(json).joined(separator: ",") + "]"),
    ]
    return object(fields)
  }

  private static func json(_ finding: ConformanceFinding) -> String {
    let q = RunOutput.quote
    var fields: [(String, String)] = [("line", "\(finding.line.number)"), ("source", q(finding.line.source))]
    switch finding {
    case .divergence(let d):
      fields += [
        ("kind", q("divergence")), ("model", q(d.model.outcome.text)), ("kernel", q(d.kernel.outcome.text)),
        ("outcomeDiffers", "\(d.outcomeDiffers)"),
        ("runs", "[" + d.state.runs.map(json).joined(separator: ",") + "]"),
        ("moreRuns", "\(d.state.hiddenRuns)"),
        ("values", "[" + d.state.values.map(json).joined(separator: ",") + "]"),
      ]
    case .expectationFailed(_, let side, let failure):
      fields += [("kind", q("expectation")), ("backend", q(side.rawValue)), ("failure", q(failure))]
    case .skipped(_, let reason):
      fields += [("kind", q("skipped")), ("reason", q(reason))]
    case .stopped(_, let reason):
      fields += [("kind", q("stopped")), ("reason", q(reason))]
    case .otherProfile(_, let name):
      fields += [("kind", q("profile")), ("profile", q(name))]
    case .notObservable(_, let parts, let checkedInPart):
      fields += [
        ("kind", q("notObservable")), ("parts", "[" + parts.map(q).joined(separator: ",") + "]"),
        ("checkedInPart", "\(checkedInPart)"),
      ]
    }
    return object(fields)
  }

  private static func json(_ run: PageRunDifference) -> String {
    let q = RunOutput.quote
    return object([
      ("offset", "\(run.range.offset)"), ("length", "\(run.range.length)"), ("model", q(run.model.words)),
      ("kernel", q(run.kernel.words)),
    ])
  }

  private static func json(_ value: ValueDifference) -> String {
    object([("name", RunOutput.quote(value.name)), ("model", "\(value.model)"), ("kernel", "\(value.kernel)")])
  }

  private static func object(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\(RunOutput.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
  }
}
