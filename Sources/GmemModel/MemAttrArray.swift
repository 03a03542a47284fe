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
    // Ranges that touch or overlap `gfns` lie in lo..<hi (they are sorted and disjoint).
    let lo = firstIndex { $0.upperBound >= gfns.lowerBound }
    let hi = firstIndex { $0.lowerBound > gfns.upperBound }
    var replacement: [Range<UInt64>] = []
    if isPrivate {
      var merged = gfns
      if lo < hi {
        merged =
          min(
            merged.lowerBound, privateRanges[lo].lowerBound)..<max(
            merged.upperBound, privateRanges[hi - 1].upperBound)
      }
      replacement = [merged]
    } else if lo < hi {
      let first = privateRanges[lo]
      let last = privateRanges[hi - 1]
      if first.lowerBound < gfns.lowerBound {
        replacement.append(first.lowerBound..<gfns.lowerBound)
      }
      if last.upperBound > gfns.upperBound { replacement.append(gfns.upperBound..<last.upperBound) }
    }
    privateRanges.replaceSubrange(lo..<hi, with: replacement)
  }

  /// The first index whose range satisfies a predicate that is false, then true, along the sorted ranges.
  private func firstIndex(where predicate: (Range<UInt64>) -> Bool) -> Int {
    var lo = 0
    var hi = privateRanges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(privateRanges[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
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
