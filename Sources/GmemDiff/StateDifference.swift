/// How the observed state of the two backends differs after a step: the differing page runs (the first few and
/// how many in all), counters and orphans.
public struct StateDifference: Equatable, Sendable {
  /// How many differing runs are kept to show.
  public static let shownRuns = 4

  /// The first differing runs, in file order (at most `shownRuns`).
  public var runs: [PageRunDifference] = []
  /// Differing runs in all.
  public var runCount = 0
  /// Counters and orphan counts that differ.
  public var values: [ValueDifference] = []

  public init() {}

  /// True when nothing differs.
  public var isEmpty: Bool { runCount == 0 && values.isEmpty }

  /// Differing runs not in `runs`.
  public var hiddenRuns: Int { runCount - runs.count }

  /// Indented lines: the runs, `N more differing runs`, then the values.
  public var lines: [String] {
    var out = runs.map { "  \($0)" }
    if hiddenRuns > 0 { out.append("  \(hiddenRuns) more differing run\(hiddenRuns == 1 ? "" : "s")") }
    out += values.map { "  \($0)" }
    return out
  }
}
