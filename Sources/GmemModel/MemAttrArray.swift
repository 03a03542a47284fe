/// The VM's `mem_attr_array` (rfc1, upstream): which gfns have KVM_MEMORY_ATTRIBUTE_PRIVATE. An absent gfn is
/// shared [KVM-attr].
///
/// The gfns are taken in blocks of 512 (2 MiB of guest memory). A run of blocks that are wholly private is one
/// segment, whatever its length; a block that is partly private is one segment holding its 512 bits (64 bytes);
/// a shared block has none. So a few ranges cost a few segments, and the worst case, every other gfn private,
/// costs 80 bytes per 512 gfns where sorted ranges cost 16 bytes per private gfn (2 GiB for a terabyte).
///
/// The segments are kept in chunks of at most `maxChunk` (a one-level B-tree): a set finds its place by binary
/// search over the chunks and then inside one, and moves at most one chunk's segments.
public struct MemAttrArray: Equatable, Sendable {
  /// The PRIVATE bits of one block, gfn `512 * block + i` in bit `i % 64` of word `i / 64`.
  typealias Bits = SIMD8<UInt64>

  /// Blocks with the same bits: a run of wholly private blocks (`bits` all ones), or one partly private block.
  struct Segment: Equatable, Sendable {
    var blocks: Range<UInt64>
    var bits: Bits

    var isFull: Bool { bits == MemAttrArray.full }
  }

  /// Gfns per block.
  static let blockGFNs: UInt64 = 512
  /// Every gfn of a block private.
  static let full = Bits(repeating: ~0)

  /// The segments, in order, disjoint; two full segments never touch. Every chunk is non-empty.
  private var chunks: [[Segment]] = []

  /// A chunk that grows past this many segments splits in two.
  private static let maxChunk = 256

  /// Everything shared.
  public init() {}

  /// The private gfn ranges, in order, disjoint and not touching.
  public var privateRanges: [Range<UInt64>] {
    var out: [Range<UInt64>] = []
    for chunk in chunks {
      for s in chunk {
        forEachRun(of: s, over: 0..<UInt64.max) { r, isPrivate in
          guard isPrivate else { return }
          if let last = out.last, last.upperBound == r.lowerBound {
            out[out.count - 1] = last.lowerBound..<r.upperBound
          } else {
            out.append(r)
          }
        }
      }
    }
    return out
  }

  /// Bytes of heap the segments hold, roughly: for the memory budget and its test.
  public var approximateBytes: Int {
    chunks.reduce(chunks.capacity * 8) { $0 + 32 + $1.capacity * MemoryLayout<Segment>.stride }
  }

  public static func == (a: MemAttrArray, b: MemAttrArray) -> Bool {
    a.chunks.joined().elementsEqual(b.chunks.joined())
  }

  /// Sets or clears PRIVATE on every gfn in `gfns`.
  public mutating func set(_ gfns: Range<UInt64>, private isPrivate: Bool) {
    guard !gfns.isEmpty else { return }
    let first = gfns.lowerBound / Self.blockGFNs
    let last = (gfns.upperBound - 1) / Self.blockGFNs
    // Whole blocks go as one run; a ragged first or last block changes its bits.
    var whole = first..<(last + 1)
    if gfns.lowerBound % Self.blockGFNs != 0 || first == last {
      let end = first == last ? gfns.upperBound : (first + 1) * Self.blockGFNs
      setBits(first, Self.mask(gfns.lowerBound..<end, in: first), isPrivate)
      whole = (first + 1)..<whole.upperBound
    }
    if !whole.isEmpty && gfns.upperBound % Self.blockGFNs != 0 {
      setBits(last, Self.mask((last * Self.blockGFNs)..<gfns.upperBound, in: last), isPrivate)
      whole = whole.lowerBound..<last
    }
    if !whole.isEmpty { assign(whole, isPrivate ? Self.full : nil) }
  }

  /// True when `gfn` is private.
  public func isPrivate(_ gfn: UInt64) -> Bool {
    let i = gfn % Self.blockGFNs
    return bits(of: gfn / Self.blockGFNs)[Int(i / 64)] & (1 << (i % 64)) != 0
  }

  /// True when every gfn of `gfns` is private (with `private: false`, every one shared), as
  /// `kvm_range_has_memory_attributes` asks before a conversion. A few gfns are looked up one by one; a longer
  /// range is one run when it all has the attribute (`runs(over:)` joins equal neighbours).
  public func all(_ gfns: Range<UInt64>, private isPrivate: Bool) -> Bool {
    if gfns.count <= 8 { return gfns.allSatisfy { self.isPrivate($0) == isPrivate } }
    let runs = runs(over: gfns)
    return runs.count == 1 && runs[0].1 == isPrivate
  }

  /// The runs of equal attribute over `gfns`, in order.
  public func runs(over gfns: Range<UInt64>) -> [(Range<UInt64>, Bool)] {
    var out: [(Range<UInt64>, Bool)] = []
    func append(_ r: Range<UInt64>, _ isPrivate: Bool) {
      guard !r.isEmpty else { return }
      if let last = out.last, last.1 == isPrivate, last.0.upperBound == r.lowerBound {
        out[out.count - 1].0 = last.0.lowerBound..<r.upperBound
      } else {
        out.append((r, isPrivate))
      }
    }
    var cursor = gfns.lowerBound
    if !chunks.isEmpty && !gfns.isEmpty {
      let start = position { $0.blocks.upperBound > gfns.lowerBound / Self.blockGFNs }
      var c = start.chunk
      var i = start.index
      scan: while c < chunks.count {
        while i < chunks[c].count {
          let s = chunks[c][i]
          guard s.blocks.lowerBound * Self.blockGFNs < gfns.upperBound else { break scan }
          append(cursor..<max(cursor, min(s.blocks.lowerBound * Self.blockGFNs, gfns.upperBound)), false)
          forEachRun(of: s, over: gfns) { r, isPrivate in append(r, isPrivate) }
          cursor = max(cursor, min(s.blocks.upperBound * Self.blockGFNs, gfns.upperBound))
          i += 1
        }
        c += 1
        i = 0
      }
    }
    append(cursor..<gfns.upperBound, false)
    return out
  }
}

extension MemAttrArray {
  /// The bits of `gfns` (inside block `block`) set.
  static func mask(_ gfns: Range<UInt64>, in block: UInt64) -> Bits {
    let lo = Int(gfns.lowerBound - block * blockGFNs)
    let hi = Int(gfns.upperBound - block * blockGFNs)
    var m = Bits(repeating: 0)
    for w in (lo / 64)..<((hi + 63) / 64) {
      let from = max(lo, w * 64) - w * 64
      let to = min(hi, w * 64 + 64) - w * 64
      let ones: UInt64 = to - from == 64 ? ~0 : ((1 << UInt64(to - from)) - 1)
      m[w] = ones << UInt64(from)
    }
    return m
  }

  /// Calls `body` with the runs of equal attribute of segment `s`, clipped to `gfns`, in order.
  private func forEachRun(of s: Segment, over gfns: Range<UInt64>, _ body: (Range<UInt64>, Bool) -> Void) {
    let lo = max(s.blocks.lowerBound * Self.blockGFNs, gfns.lowerBound)
    let hi = min(s.blocks.upperBound * Self.blockGFNs, gfns.upperBound)
    guard lo < hi else { return }
    if s.isFull {
      body(lo..<hi, true)
      return
    }
    let base = s.blocks.lowerBound * Self.blockGFNs
    var g = lo
    while g < hi {
      let value = s.bits[Int((g - base) / 64)] & (1 << ((g - base) % 64)) != 0
      var end = g + 1
      while end < hi {
        let i = end - base
        let word = s.bits[Int(i / 64)]
        if i % 64 == 0 && word == (value ? ~0 : 0) {
          end += 64
          continue
        }
        if (word & (1 << (i % 64)) != 0) != value { break }
        end += 1
      }
      end = min(end, hi)
      body(g..<end, value)
      g = end
    }
  }

  /// The bits of block `b`.
  private func bits(of b: UInt64) -> Bits {
    guard !chunks.isEmpty else { return Bits(repeating: 0) }
    let p = position { $0.blocks.upperBound > b }
    guard p.index < chunks[p.chunk].count, chunks[p.chunk][p.index].blocks.contains(b) else {
      return Bits(repeating: 0)
    }
    return chunks[p.chunk][p.index].bits
  }

  /// Sets (or clears) the bits of `mask` in block `b`.
  private mutating func setBits(_ b: UInt64, _ mask: Bits, _ isPrivate: Bool) {
    if !chunks.isEmpty {
      // A partly private block that stays partly private changes in place.
      let p = position { $0.blocks.upperBound > b }
      if p.index < chunks[p.chunk].count, chunks[p.chunk][p.index].blocks.contains(b),
        !chunks[p.chunk][p.index].isFull
      {
        let old = chunks[p.chunk][p.index].bits
        let new = isPrivate ? old | mask : old & ~mask
        if new != Self.full && new != Bits(repeating: 0) {
          chunks[p.chunk][p.index].bits = new
          return
        }
      }
    }
    let old = bits(of: b)
    let new = isPrivate ? old | mask : old & ~mask
    guard new != old else { return }
    assign(b..<(b + 1), new == Bits(repeating: 0) ? nil : new)
  }

  /// Makes `blocks` hold `bits` (all ones for a private run; a partial block alone), or nothing (shared).
  private mutating func assign(_ blocks: Range<UInt64>, _ bits: Bits?) {
    guard !chunks.isEmpty else {
      if let bits { chunks = [[Segment(blocks: blocks, bits: bits)]] }
      return
    }
    // Segments that touch or overlap `blocks` lie from `lo` up to `hi`. Only the first can reach before `blocks`
    // and only the last past it: they keep those parts, and touching full ones merge with a full `bits`. So at most
    // three segments replace them.
    let lo = position { $0.blocks.upperBound >= blocks.lowerBound }
    let hi = position { $0.blocks.lowerBound > blocks.upperBound }
    let first = lo < hi ? self[lo] : nil
    let last = lo < hi ? self[before: hi] : nil
    withUnsafeTemporaryAllocation(of: Segment.self, capacity: 3) { pieces in
      var n = 0
      func append(_ s: Segment) {
        guard !s.blocks.isEmpty else { return }
        if n > 0, pieces[n - 1].isFull, s.isFull, pieces[n - 1].blocks.upperBound == s.blocks.lowerBound {
          pieces[n - 1].blocks = pieces[n - 1].blocks.lowerBound..<s.blocks.upperBound
        } else {
          pieces.initializeElement(at: n, to: s)
          n += 1
        }
      }
      if let first, first.blocks.lowerBound < blocks.lowerBound {
        append(
          Segment(blocks: first.blocks.lowerBound..<min(first.blocks.upperBound, blocks.lowerBound), bits: first.bits))
      }
      if let bits { append(Segment(blocks: blocks, bits: bits)) }
      if let last, last.blocks.upperBound > blocks.upperBound {
        append(
          Segment(blocks: max(last.blocks.lowerBound, blocks.upperBound)..<last.blocks.upperBound, bits: last.bits))
      }
      replace(lo, hi, with: UnsafeBufferPointer(rebasing: pieces[0..<n]))
      _ = pieces.prefix(n).deinitialize()
    }
  }
}

extension MemAttrArray {
  /// A place among the segments: an index in a chunk, which may be the chunk's end only in the last chunk.
  private struct Position: Comparable {
    var chunk: Int
    var index: Int

    static func < (a: Position, b: Position) -> Bool { (a.chunk, a.index) < (b.chunk, b.index) }
  }

  /// The segment at `p`.
  private subscript(p: Position) -> Segment { chunks[p.chunk][p.index] }

  /// The segment just before `p`, which is not the first place.
  private subscript(before p: Position) -> Segment {
    p.index > 0 ? chunks[p.chunk][p.index - 1] : chunks[p.chunk - 1][chunks[p.chunk - 1].count - 1]
  }

  /// The place of the first segment satisfying a predicate that is false, then true, along the sorted segments;
  /// the end of the last chunk when none does. The chunks are not empty.
  private func position(where predicate: (Segment) -> Bool) -> Position {
    var lo = 0
    var hi = chunks.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(chunks[mid][chunks[mid].count - 1]) { hi = mid } else { lo = mid + 1 }
    }
    var first = 0
    var last = chunks[lo].count
    while first < last {
      let mid = (first + last) / 2
      if predicate(chunks[lo][mid]) { last = mid } else { first = mid + 1 }
    }
    return Position(chunk: lo, index: first)
  }

  /// Replaces the segments from `lo` up to `hi` with `replacement`.
  private mutating func replace(_ lo: Position, _ hi: Position, with replacement: UnsafeBufferPointer<Segment>) {
    if lo.chunk == hi.chunk {
      if hi.index - lo.index == replacement.count {
        for (i, s) in replacement.enumerated() { chunks[lo.chunk][lo.index + i] = s }
        return
      }
      chunks[lo.chunk].replaceSubrange(lo.index..<hi.index, with: replacement)
    } else {
      var joined = Array(chunks[lo.chunk][..<lo.index])
      joined.append(contentsOf: replacement)
      joined.append(contentsOf: chunks[hi.chunk][hi.index...])
      chunks.replaceSubrange(lo.chunk...hi.chunk, with: [joined])
    }
    rebalance(lo.chunk)
  }

  /// Drops chunk `c` when a change emptied it, and halves it when it grew too long.
  private mutating func rebalance(_ c: Int) {
    let count = chunks[c].count
    if count == 0 {
      chunks.remove(at: c)
    } else if count > Self.maxChunk {
      let tail = Array(chunks[c][(count / 2)...])
      chunks[c].removeSubrange((count / 2)...)
      chunks.insert(tail, at: c + 1)
    }
  }
}
