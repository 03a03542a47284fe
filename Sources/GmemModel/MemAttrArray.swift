/// The VM's `mem_attr_array` (rfc1, upstream): which gfns have KVM_MEMORY_ATTRIBUTE_PRIVATE. An absent gfn is
/// shared [KVM-attr]. Stored as sorted, disjoint, non-adjacent gfn ranges.
///
/// The ranges are kept in chunks of at most `maxChunk` (a one-level B-tree): a set finds its place by binary
/// search over the chunks and then inside one, and moves at most one chunk's ranges, so its cost does not grow
/// with the number of private ranges (a single sorted array moved half of them on every set).
public struct MemAttrArray: Equatable, Sendable {
  /// The private ranges, in order; every chunk is non-empty.
  private var chunks: [[Range<UInt64>]] = []

  /// A chunk that grows past this many ranges splits in two.
  private static let maxChunk = 256

  /// Everything shared.
  public init() {}

  /// The private gfn ranges, in order.
  public var privateRanges: [Range<UInt64>] { Array(chunks.joined()) }

  public static func == (a: MemAttrArray, b: MemAttrArray) -> Bool {
    a.chunks.joined().elementsEqual(b.chunks.joined())
  }

  /// Sets or clears PRIVATE on every gfn in `gfns`.
  public mutating func set(_ gfns: Range<UInt64>, private isPrivate: Bool) {
    guard !gfns.isEmpty else { return }
    guard !chunks.isEmpty else {
      if isPrivate { chunks = [[gfns]] }
      return
    }
    // Ranges that touch or overlap `gfns` lie from `lo` up to `hi` (they are sorted and disjoint).
    let lo = position { $0.upperBound >= gfns.lowerBound }
    let hi = position { $0.lowerBound > gfns.upperBound }
    let touched = lo < hi
    var replacement: [Range<UInt64>] = []
    if isPrivate {
      var merged = gfns
      if touched {
        merged =
          min(merged.lowerBound, self[lo].lowerBound)..<max(merged.upperBound, self[before: hi].upperBound)
      }
      replacement = [merged]
    } else if touched {
      let first = self[lo]
      let last = self[before: hi]
      if first.lowerBound < gfns.lowerBound { replacement.append(first.lowerBound..<gfns.lowerBound) }
      if last.upperBound > gfns.upperBound { replacement.append(gfns.upperBound..<last.upperBound) }
    }
    if lo.chunk == hi.chunk {
      chunks[lo.chunk].replaceSubrange(lo.index..<hi.index, with: replacement)
    } else {
      var joined = Array(chunks[lo.chunk][..<lo.index])
      joined.append(contentsOf: replacement)
      joined.append(contentsOf: chunks[hi.chunk][hi.index...])
      chunks.replaceSubrange(lo.chunk...hi.chunk, with: [joined])
    }
    rebalance(lo.chunk)
  }

  /// True when `gfn` is private.
  public func isPrivate(_ gfn: UInt64) -> Bool {
    guard !chunks.isEmpty else { return false }
    let p = position { $0.upperBound > gfn }
    return p.index < chunks[p.chunk].count && chunks[p.chunk][p.index].contains(gfn)
  }

  /// True when every gfn of `gfns` is private (or every one shared): `kvm_range_has_memory_attributes`.
  public func all(_ gfns: Range<UInt64>, private isPrivate: Bool) -> Bool {
    runs(over: gfns).allSatisfy { $0.1 == isPrivate }
  }

  /// The runs of equal attribute over `gfns`, in order.
  public func runs(over gfns: Range<UInt64>) -> [(Range<UInt64>, Bool)] {
    var out: [(Range<UInt64>, Bool)] = []
    var cursor = gfns.lowerBound
    if !chunks.isEmpty {
      let start = position { $0.upperBound > gfns.lowerBound }
      var c = start.chunk
      var i = start.index
      scan: while c < chunks.count {
        while i < chunks[c].count {
          let r = chunks[c][i]
          guard r.lowerBound < gfns.upperBound else { break scan }
          let lo = max(r.lowerBound, gfns.lowerBound)
          let hi = min(r.upperBound, gfns.upperBound)
          if lo > cursor { out.append((cursor..<lo, false)) }
          out.append((lo..<hi, true))
          cursor = hi
          i += 1
        }
        c += 1
        i = 0
      }
    }
    if cursor < gfns.upperBound { out.append((cursor..<gfns.upperBound, false)) }
    return out
  }
}

extension MemAttrArray {
  /// A place among the ranges: an index in a chunk, which may be the chunk's end only in the last chunk.
  private struct Position: Comparable {
    var chunk: Int
    var index: Int

    static func < (a: Position, b: Position) -> Bool { (a.chunk, a.index) < (b.chunk, b.index) }
  }

  /// The range at `p`.
  private subscript(p: Position) -> Range<UInt64> { chunks[p.chunk][p.index] }

  /// The range just before `p`, which is not the first place.
  private subscript(before p: Position) -> Range<UInt64> {
    p.index > 0 ? chunks[p.chunk][p.index - 1] : chunks[p.chunk - 1][chunks[p.chunk - 1].count - 1]
  }

  /// The place of the first range satisfying a predicate that is false, then true, along the sorted ranges;
  /// the end of the last chunk when none does. The chunks are not empty.
  private func position(where predicate: (Range<UInt64>) -> Bool) -> Position {
    var lo = 0
    var hi = chunks.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(chunks[mid][chunks[mid].count - 1]) { hi = mid } else { lo = mid + 1 }
    }
    let chunk = chunks[lo]
    var first = 0
    var last = chunk.count
    while first < last {
      let mid = (first + last) / 2
      if predicate(chunk[mid]) { last = mid } else { first = mid + 1 }
    }
    return Position(chunk: lo, index: first)
  }

  /// Drops chunk `c` when a set emptied it, and halves it when it grew too long.
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
