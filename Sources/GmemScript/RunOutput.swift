import GmemModel

/// The text and JSON lines `gmemviz run` prints for each step.
public enum RunOutput {
  /// `12  share 0x0+0x1000  → ok`, with the failure reason or detail after it; for an expectation `holds`,
  /// `FAILED: why` or `not observable here (words)`; nil for presentation lines.
  public static func text(_ r: StepRecord) -> String? {
    let head = "\(r.line.number)".leftPadded(to: 4) + "  " + r.line.source
    if let result = r.result {
      var s = head + "  → " + result.outcome.text
      if !result.outcome.succeeded, let detail = result.detail { s += "  (\(detail))" }
      return s
    }
    guard case .expect = r.line.statement else { return nil }
    let unobserved = r.notObservable.joined(separator: " ")
    if !r.observed { return head + "  → not observable here (\(unobserved))" }
    var s = head + "  → " + (r.failure.map { "FAILED: \($0)" } ?? "holds")
    if !unobserved.isEmpty { s += "  (\(unobserved) not observable here)" }
    return s
  }

  /// The events of a command, one indented line each.
  public static func eventLines(_ r: StepRecord) -> [String] {
    (r.result?.events ?? []).map { "        · " + $0.text }
  }

  /// One JSON object: `{"line":N,"command":"...","result":"...",...,"events":[...]}`; nil for presentation.
  public static func json(_ r: StepRecord) -> String? {
    var fields: [(String, String)] = [("line", "\(r.line.number)")]
    if let result = r.result {
      fields.append(("command", quote(r.line.source)))
      fields.append(("result", quote(result.outcome.text)))
      fields.append(("ok", result.outcome.succeeded ? "true" : "false"))
      switch result.outcome {
      case .errno(let e, let at):
        fields.append(("errno", quote(e.rawValue)))
        fields.append(("meaning", quote(e.meaning)))
        if let at { fields.append(("at", "\(at)")) }
      case .signal(let s, let at):
        fields.append(("signal", quote(s.rawValue)))
        fields.append(("at", "\(at)"))
      case .value(let bytes):
        fields.append(("values", "[" + bytes.elements.map { "\($0)" }.joined(separator: ",") + "]"))
      case .exit(let exit):
        fields.append(("exit", quote(exit.reason.rawValue)))
        fields.append(("gpa", "\(exit.gpa)"))
        if let off = exit.offset { fields.append(("at", "\(off)")) }
      case .unsupported(let reason):
        fields.append(("unsupported", quote(reason)))
      case .ok:
        break
      }
      if let detail = result.detail { fields.append(("detail", quote(detail))) }
      fields.append(
        ("events", "[" + result.events.map { quote($0.text) }.joined(separator: ",") + "]"))
    } else if case .expect = r.line.statement {
      fields.append(("expect", quote(r.line.source)))
      // An expectation of which nothing could be observed neither held nor failed.
      fields.append(("passed", r.observed ? (r.passed ? "true" : "false") : "null"))
      if let failure = r.failure { fields.append(("failure", quote(failure))) }
      if !r.notObservable.isEmpty {
        fields.append(("notObservable", "[" + r.notObservable.map(quote).joined(separator: ",") + "]"))
      }
    } else {
      return nil
    }
    return "{" + fields.map { "\(quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
  }

  private static func unicodeEscape(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// A JSON string literal.
  public static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += unicodeEscape(u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
