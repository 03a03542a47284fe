/// A scan that changed something: when it was taken and the runs of pages it found changed, in file order.
public struct Scan: Equatable, Sendable {
  /// When it was taken: milliseconds since the Unix epoch (CLOCK_REALTIME).
  public var time: UInt64
  /// The runs whose state changed since the scan before, in file order, none empty.
  public var changes: [PageRunChange]

  /// What the history counts this scan as costing: its own value and its runs.
  var bytes: Int { Self.overhead + changes.count * MemoryLayout<PageRunChange>.stride }
  /// The bytes a scan costs besides its runs: the value, and the header of its array of runs.
  static let overhead = MemoryLayout<Scan>.stride + 32
}

extension Scan {
  /// The change of page `p` in this scan, if it changed.
  public func change(of p: Int) -> PageRunChange? {
    // The runs are in file order and disjoint: the last one starting at or before `p`.
    var lo = 0
    var hi = changes.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if changes[mid].pages.lowerBound <= p { lo = mid + 1 } else { hi = mid }
    }
    guard lo > 0, changes[lo - 1].pages.contains(p) else { return nil }
    return changes[lo - 1]
  }
}
