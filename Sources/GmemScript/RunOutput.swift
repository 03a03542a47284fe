import GmemModel

/// The text and JSON lines `gmemviz run` prints for each step.
public enum RunOutput {
  /// `12  share 0x0+0x1000  → ok`, with the failure reason or detail after it; for an expectation `holds`,
  /// `FAILED: why` or `not observable here (words)`; nil for presentation lines.
  public static func text(_ r: StepRecord) -> String? {
    var bytes: [UInt8] = []
    guard appendText(r, to: &bytes) else { return nil }
    bytes.removeLast()
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the UTF-8 bytes of `text(r)` and a newline to `out`, building no string on the way for a command
  /// (`gmemviz run` prints a million of them); false, with nothing appended, for presentation lines.
  public static func appendText(_ r: StepRecord, to out: inout [UInt8]) -> Bool {
    if let result = r.result {
      appendHead(r.line, to: &out)
      out.append(contentsOf: arrow)
      out.append(contentsOf: result.outcome.text.utf8)
      if !result.outcome.succeeded, let detail = result.detail { out.append(contentsOf: "  (\(detail))".utf8) }
      out.append(UInt8(ascii: "\n"))
      return true
    }
    guard case .expect = r.line.statement else { return false }
    appendHead(r.line, to: &out)
    out.append(contentsOf: arrow)
    let unobserved = r.notObservable.joined(separator: " ")
    if !r.observed {
      out.append(contentsOf: "not observable here (\(unobserved))\n".utf8)
      return true
    }
    out.append(contentsOf: (r.failure.map { "FAILED: \($0)" } ?? "holds").utf8)
    if !unobserved.isEmpty { out.append(contentsOf: "  (\(unobserved) not observable here)".utf8) }
    out.append(UInt8(ascii: "\n"))
    return true
  }

  /// `  → ` in UTF-8.
  private static let arrow = Array("  → ".utf8)

  /// The line number right-aligned in 4 columns (wider when it has more digits), two blanks and the source.
  private static func appendHead(_ line: ScriptLine, to out: inout [UInt8]) {
    // The digits backwards into a buffer on the stack (an Int has at most 19 and a sign), then one append.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      var i = buffer.count
      var n = line.number.magnitude
      repeat {
        i -= 1
        buffer[i] = UInt8(ascii: "0") + UInt8(n % 10)
        n /= 10
      } while n > 0
      if line.number < 0 {
        i -= 1
        buffer[i] = UInt8(ascii: "-")
      }
      while buffer.count - i < 4 {
        i -= 1
        buffer[i] = UInt8(ascii: " ")
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
    }
    out.append(UInt8(ascii: " "))
    out.append(UInt8(ascii: " "))
    out.append(contentsOf: line.source.utf8)
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
