import GmemModel
import Testing

/// `MemAttrArray` against a set of private gfns, with enough scattered ranges that its chunks split, and clears
/// wide enough to span and empty several chunks.
@Suite("mem_attr_array")
struct MemAttrArrayTests {
  @Test func randomSetsAgreeWithASetOfGFNs() {
    var rng = SplitMix64(seed: 12)
    var attrs = MemAttrArray()
    var naive = Set<UInt64>()
    var mostRanges = 0
    for round in 0..<6000 {
      // Mostly single pages (many ranges), sometimes a wide range that merges or clears hundreds of them.
      let lo = UInt64(rng.below(65536))
      let length = UInt64(round % 1499 == 1498 ? rng.below(30000) : rng.below(3))
      let isPrivate = rng.below(2) == 0
      attrs.set(lo..<(lo + length), private: isPrivate)
      for g in lo..<(lo + length) {
        if isPrivate { naive.insert(g) } else { naive.remove(g) }
      }
      mostRanges = max(mostRanges, attrs.privateRanges.count)
      if round % 300 == 0 || round > 5990 {
        #expect(expanded(attrs.privateRanges) == naive, "round \(round)")
        let probe = UInt64(rng.below(70_000))
        #expect(attrs.isPrivate(probe) == naive.contains(probe), "gfn \(probe), round \(round)")
        let from = UInt64(rng.below(66_000))
        let window = from..<(from + UInt64(rng.below(3000)))
        #expect(attrs.runs(over: window).map(\.1) == runs(naive, over: window).map(\.1), "round \(round)")
        #expect(attrs.runs(over: window).map(\.0) == runs(naive, over: window).map(\.0), "round \(round)")
      }
      // Sorted, disjoint, non-empty, and never touching: a merged range is one range.
      if round % 500 == 0 {
        for (a, b) in zip(attrs.privateRanges, attrs.privateRanges.dropFirst()) {
          #expect(!a.isEmpty && a.upperBound < b.lowerBound)
        }
      }
    }
    #expect(mostRanges > 1000, "the walk should hold enough ranges to split chunks")
    var other = MemAttrArray()
    for r in attrs.privateRanges.reversed() { other.set(r, private: true) }
    #expect(other == attrs, "equal gfns compare equal however the ranges were chunked")
  }

  private func expanded(_ ranges: [Range<UInt64>]) -> Set<UInt64> {
    Set(ranges.flatMap { Array($0) })
  }

  /// The runs of equal attribute over `window`, gfn by gfn.
  private func runs(_ naive: Set<UInt64>, over window: Range<UInt64>) -> [(Range<UInt64>, Bool)] {
    var out: [(Range<UInt64>, Bool)] = []
    for g in window {
      let p = naive.contains(g)
      if let last = out.last, last.1 == p, last.0.upperBound == g {
        out[out.count - 1].0 = last.0.lowerBound..<(g + 1)
      } else {
        out.append((g..<(g + 1), p))
      }
    }
    return out
  }
}
