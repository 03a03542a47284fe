import Testing

@testable import GmemModel

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

  /// Single-gfn sets through every change a set makes in place, against a set of gfns: a full run split at its
  /// start, its end, its middle or alone; a partial block that changes, empties, or turns full and joins full runs
  /// before, after, both or neither, in the same chunk or across a chunk's edge; a shared block that turns partial.
  /// Gfns at block boundaries (0, 1, 510, 511 of a block) come often; ranges over many blocks and chunks now and
  /// then. The structure is checked whole every few rounds, and a copy taken early never changes.
  @Test func singleGFNTransitionsAgreeWithASetOfGFNs() {
    var rng = SplitMix64(seed: 511)
    let blocks: UInt64 = 1200
    var attrs = MemAttrArray()
    var naive = Set<UInt64>()
    func set(_ gfns: Range<UInt64>, _ isPrivate: Bool) {
      attrs.set(gfns, private: isPrivate)
      for g in gfns {
        if isPrivate { naive.insert(g) } else { naive.remove(g) }
      }
    }
    func probe(_ gfns: [UInt64], _ context: String) {
      for g in gfns where g < blocks * 512 {
        #expect(attrs.isPrivate(g) == naive.contains(g), "gfn \(g): \(context)")
      }
    }
    /// Every other block wholly private, the others private at their first and last gfn: single full blocks
    /// between partial ones, as many segments as blocks.
    func alternate(_ blockRange: Range<UInt64>) {
      for b in blockRange {
        if b % 2 == 0 {
          set((b * 512)..<(b * 512 + 512), true)
        } else {
          set((b * 512)..<(b * 512 + 512), false)
          set((b * 512)..<(b * 512 + 1), true)
          set((b * 512 + 511)..<(b * 512 + 512), true)
        }
      }
    }
    /// Block `b` private but for gfn `k`, then `k` too, or (`toPrivate` false) shared but for `k`, then `k`.
    func complete(_ b: UInt64, toPrivate: Bool) {
      let k = [0, 511, UInt64(rng.below(512))][rng.below(3)]
      if k > 0 { set((b * 512)..<(b * 512 + k), toPrivate) }
      if k < 511 { set((b * 512 + k + 1)..<(b * 512 + 512), toPrivate) }
      set((b * 512 + k)..<(b * 512 + k + 1), toPrivate)
      probe([b * 512 &- 1, b * 512, b * 512 + k, b * 512 + 511, b * 512 + 512], "block \(b) completed")
    }
    alternate(0..<blocks)
    #expect(attrs.chunks.count > 3, "\(attrs.chunks.count) chunks")
    let early = attrs
    let earlyRanges = attrs.privateRanges
    var joinsAcrossChunks = 0
    var splitsAtChunkEdges = 0
    for round in 0..<2500 {
      switch rng.below(10) {
      case 0...3:
        let offset = [0, 1, 255, 256, 510, 511, UInt64(rng.below(512))][rng.below(7)]
        let g = UInt64(rng.below(Int(blocks))) * 512 + offset
        set(g..<(g + 1), rng.below(2) == 0)
        probe([g &- 1, g, g + 1, g / 512 * 512, g / 512 * 512 + 511], "round \(round)")
      case 4...5:
        complete(UInt64(rng.below(Int(blocks))), toPrivate: rng.below(3) != 0)
      case 6...7:
        // A segment at a chunk's edge: a partial one turns full (joining the full run across the edge when there
        // is one), a full run splits at its first or last block.
        let c = 1 + rng.below(max(1, attrs.chunks.count - 1))
        guard c < attrs.chunks.count else { continue }
        let first = attrs.chunks[c][0]
        let last = attrs.chunks[c - 1][attrs.chunks[c - 1].count - 1]
        let s = rng.below(2) == 0 ? first : last
        if s.isFull {
          let g = (rng.below(2) == 0 ? s.start : s.end - 1) * 512 + UInt64(rng.below(512))
          set(g..<(g + 1), false)
          splitsAtChunkEdges += 1
          probe([g &- 1, g, g + 1, s.start * 512, s.end * 512 - 1, s.end * 512], "split at a chunk edge")
        } else {
          let across = s == first ? last : first
          if across.isFull && (across.end == s.start || across.start == s.end) { joinsAcrossChunks += 1 }
          complete(s.start, toPrivate: true)
        }
      case 8:
        let lo = UInt64(rng.below(Int(blocks * 512)))
        let hi = min(blocks * 512, lo + UInt64(rng.below(rng.below(4) == 0 ? 60_000 : 2000)))
        set(lo..<hi, rng.below(2) == 0)
        probe([lo &- 1, lo, hi &- 1, hi], "range \(lo)..<\(hi)")
      default:
        let from = UInt64(rng.below(Int(blocks)))
        alternate(from..<min(blocks, from + UInt64(rng.below(100))))
      }
      if round % 100 == 0 || round == 2499 {
        checkStructure(attrs, "round \(round)")
        #expect(expanded(attrs.privateRanges) == naive, "round \(round)")
        let from = UInt64(rng.below(Int(blocks * 512)))
        let window = from..<(from + UInt64(rng.below(5000)))
        #expect(attrs.runs(over: window).map(\.0) == runs(naive, over: window).map(\.0), "round \(round)")
        #expect(attrs.runs(over: window).map(\.1) == runs(naive, over: window).map(\.1), "round \(round)")
        let expected = runs(naive, over: window)
        #expect(attrs.all(window, private: true) == (expected.count == 1 && expected[0].1), "round \(round)")
        #expect(attrs.all(window, private: false) == (expected.count == 1 && !expected[0].1), "round \(round)")
      }
    }
    #expect(joinsAcrossChunks > 10 && splitsAtChunkEdges > 10, "\(joinsAcrossChunks) joins, \(splitsAtChunkEdges)")
    #expect(early.privateRanges == earlyRanges, "a copy keeps its gfns while the original changes")
    #expect(early != attrs)
  }

  /// `isPrivate` reads a block's word in place, at the offset the segment's layout gives its bits.
  @Test func aSegmentsBitsLieWhereLookupsReadThem() {
    #expect(MemoryLayout<MemAttrArray.Segment>.offset(of: \.bits) == MemAttrArray.Segment.bitsOffset)
    var attrs = MemAttrArray()
    let gfns: [UInt64] = [1536, 1599, 1600, 1984, 2047]
    for g in gfns { attrs.set(g..<(g + 1), private: true) }
    #expect((1530..<2060).filter { attrs.isPrivate($0) } == gfns)
  }

  /// Segments in order, disjoint, full runs never touching, a partial segment one block with some bits but not
  /// all; chunks non-empty and not much longer than `maxChunk`.
  private func checkStructure(_ attrs: MemAttrArray, _ context: String) {
    #expect(attrs.chunks.allSatisfy { !$0.isEmpty && $0.count <= MemAttrArray.maxChunk + 3 }, "\(context)")
    let segments = Array(attrs.chunks.joined())
    for s in segments {
      #expect(s.start < s.end, "\(context)")
      #expect(s.isFull || (s.end == s.start + 1 && !s.bits.isEmpty), "\(context): \(s.start)..<\(s.end)")
    }
    for (a, b) in zip(segments, segments.dropFirst()) {
      #expect(a.end <= b.start && !(a.isFull && b.isFull && a.end == b.start), "\(context): \(a.end) \(b.start)")
    }
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
