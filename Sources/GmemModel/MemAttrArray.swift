/// The VM's `mem_attr_array` (rfc1, upstream): which gfns have KVM_MEMORY_ATTRIBUTE_PRIVATE. An absent gfn is
/// shared [KVM-attr]. Stored as sorted, disjoint, non-adjacent gfn ranges.
public struct MemAttrArray: Equatable, Sendable {
  /// The private gfn ranges.
  public private(set) var privateRanges: [Range<UInt64>] = []

  /// Everything shared.
  public init() {}

  /// Sets or clears PRIVATE on every gfn in `gfns`.
  public mutating func set(_ gfns: Range<UInt64>, private isPrivate: Bool) {
    guard !gfns.isEmpty else { return }
    var result: [Range<UInt64>] = []
    var merged = gfns
    for r in privateRanges {
      if r.upperBound < gfns.lowerBound || r.lowerBound > gfns.upperBound {
        result.append(r)
      } else if isPrivate {
        merged = min(merged.lowerBound, r.lowerBound)..<max(merged.upperBound, r.upperBound)
      } else {
        if r.lowerBound < gfns.lowerBound { result.append(r.lowerBound..<gfns.lowerBound) }
        if r.upperBound > gfns.upperBound { result.append(gfns.upperBound..<r.upperBound) }
      }
    }
    if isPrivate { result.append(merged) }
    privateRanges = result.sorted { $0.lowerBound < $1.lowerBound }
  }

  /// True when `gfn` is private.
  public func isPrivate(_ gfn: UInt64) -> Bool {
    privateRanges.contains { $0.contains(gfn) }
  }

  /// The runs of equal attribute over `gfns`, in order.
  public func runs(over gfns: Range<UInt64>) -> [(Range<UInt64>, Bool)] {
    var out: [(Range<UInt64>, Bool)] = []
    var cursor = gfns.lowerBound
    for r in privateRanges where r.upperBound > gfns.lowerBound && r.lowerBound < gfns.upperBound {
      let lo = max(r.lowerBound, gfns.lowerBound)
      let hi = min(r.upperBound, gfns.upperBound)
      if lo > cursor { out.append((cursor..<lo, false)) }
      out.append((lo..<hi, true))
      cursor = hi
    }
    if cursor < gfns.upperBound { out.append((cursor..<gfns.upperBound, false)) }
    return out
  }
}
