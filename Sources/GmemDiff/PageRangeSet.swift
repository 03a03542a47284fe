/// Sorted, disjoint, coalesced ranges of page indices.
public struct PageRangeSet: Equatable, Sendable {
  /// The ranges, in order.
  public private(set) var ranges: [Range<Int>] = []

  public init() {}

  /// Adds `range`, merging it with the ranges it touches.
  public mutating func insert(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    var lower = range.lowerBound
    var upper = range.upperBound
    var kept: [Range<Int>] = []
    kept.reserveCapacity(ranges.count + 1)
    var placed = false
    for r in ranges {
      if r.upperBound < lower {
        kept.append(r)
      } else if r.lowerBound > upper {
        if !placed {
          kept.append(lower..<upper)
          placed = true
        }
        kept.append(r)
      } else {
        lower = min(lower, r.lowerBound)
        upper = max(upper, r.upperBound)
      }
    }
    if !placed { kept.append(lower..<upper) }
    ranges = kept
  }
}
