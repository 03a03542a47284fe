/// One measured figure beside its budget.
struct Measurement {
  enum Direction {
    /// The value must stay below the budget (time, memory).
    case atMost
    /// The value must reach the budget (throughput).
    case atLeast
  }

  var name: String
  var value: Double
  var unit: String
  var budget: Double?
  var direction: Direction = .atMost

  /// ok, OVER, or blank when there is no budget.
  var verdict: String {
    guard let budget else { return "" }
    switch direction {
    case .atMost: return value < budget ? "ok" : "OVER"
    case .atLeast: return value > budget ? "ok" : "UNDER"
    }
  }

  var json: String {
    let b = budget.map { format($0) } ?? "null"
    return "{\"name\":\"\(name)\",\"value\":\(format(value)),\"unit\":\"\(unit)\",\"budget\":\(b)}"
  }

  static func table(_ rows: [Measurement]) -> String {
    let header = ["name", "value", "unit", "budget", ""]
    let cells = rows.map { m in
      [
        m.name, format(m.value), m.unit,
        m.budget.map { (m.direction == .atMost ? "< " : "> ") + format($0) } ?? "", m.verdict,
      ]
    }
    var widths = header.map(\.count)
    for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ row: [String]) -> String {
      row.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }
        .joined(separator: "  ")
    }
    return ([line(header)] + cells.map(line)).joined(separator: "\n")
  }
}

/// A number with at most three decimals and no trailing zeros.
func format(_ v: Double) -> String {
  if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
  let scaled = (v * 1000).rounded() / 1000
  return "\(scaled)"
}

/// A named benchmark that yields one or more measurements.
struct Benchmark: Sendable {
  var name: String
  var run: @Sendable () -> [Measurement]
}
