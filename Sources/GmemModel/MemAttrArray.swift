/// The VM's `mem_attr_array` (rfc1, upstream): which gfns have KVM_MEMORY_ATTRIBUTE_PRIVATE. An absent gfn is
/// shared [KVM-attr].
///
/// The gfns are taken in blocks of 512 (2 MiB of guest memory). A run of blocks that are wholly private is one
/// segment, whatever its length; a block that is partly private is one segment holding its 512 bits (64 bytes);
/// a shared block has none. So a few ranges cost a few segments, and the worst case, every other gfn private,
/// costs 80 bytes per 512 gfns where sorted ranges cost 16 bytes per private gfn (2 GiB for a terabyte).
///
/// The segments are kept in chunks of at most about `maxChunk` (a one-level B-tree): a set finds its place by
/// binary search over the chunks and then inside one, and moves at most one chunk's segments. A value: a copy
/// shares the chunks until one of them changes.
public struct MemAttrArray: Equatable, Sendable {
  /// Blocks with the same bits: a run of wholly private blocks (`bits` all ones), or one partly private block.
  struct Segment: Equatable, Sendable {
    /// The first block.
    var start: UInt64
    /// The block after the last.
    var end: UInt64
    var bits: MemAttrBits

    var isFull: Bool { bits.isFull }

    /// Where `bits` lies in a segment: after `start` and `end` (MemAttrArrayTests checks it).
    static let bitsOffset = 16
  }

  /// Gfns per block.
  static let blockGFNs: UInt64 = 512

  /// The segments, in order, disjoint; two full segments never touch. Every chunk is non-empty.
  var chunks: [[Segment]] = []

  /// A chunk that grows past this many segments splits in two.
  static let maxChunk = 256

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
    if gfns.upperBound - gfns.lowerBound == 1 {
      setBits(gfns.lowerBound / Self.blockGFNs, MemAttrBits(bit: Int(gfns.lowerBound % Self.blockGFNs)), isPrivate)
      return
    }
    let first = gfns.lowerBound / Self.blockGFNs
    let last = (gfns.upperBound - 1) / Self.blockGFNs
    // Whole blocks go as one run; a ragged first or last block changes its bits.
    var whole = first..<(last + 1)
    let head = Int(gfns.lowerBound % Self.blockGFNs)
    if head != 0 {
      let end = first == last ? Int(gfns.upperBound - first * Self.blockGFNs) : 512
      setBits(first, MemAttrBits(head..<end), isPrivate)
      whole = (first + 1)..<whole.upperBound
    }
    let tail = Int(gfns.upperBound % Self.blockGFNs)
    if !whole.isEmpty && tail != 0 {
      setBits(last, MemAttrBits(0..<tail), isPrivate)
      whole = whole.lowerBound..<last
    }
    if !whole.isEmpty { assign(whole.lowerBound, whole.upperBound, isPrivate ? .full : nil) }
  }

  /// True when `gfn` is private.
  public func isPrivate(_ gfn: UInt64) -> Bool {
    let b = gfn / Self.blockGFNs
    guard let p = find(b) else { return false }
    return chunks[p.chunk].withUnsafeBufferPointer { ss in
      guard p.index < ss.count, ss[p.index].start <= b, let segment = ss.baseAddress.map({ $0 + p.index }) else {
        return false
      }
      // The one word of the bits, read where it lies rather than through a copy of the segment.
      let i = Int(gfn % Self.blockGFNs)
      let word = UnsafeRawPointer(segment).load(fromByteOffset: Segment.bitsOffset + (i >> 6) << 3, as: UInt64.self)
      return word & (1 << UInt64(i & 63)) != 0
    }
  }

  /// True when every gfn of `gfns` is private (with `private: false`, every one shared), as
  /// `kvm_range_has_memory_attributes` asks before a conversion. Walks the segments the range meets.
  public func all(_ gfns: Range<UInt64>, private isPrivate: Bool) -> Bool {
    guard !gfns.isEmpty else { return true }
    if gfns.upperBound - gfns.lowerBound == 1 { return self.isPrivate(gfns.lowerBound) == isPrivate }
    // Private gfns are covered up to `cursor`.
    var cursor = gfns.lowerBound
    var holds = true
    forEachSegment(from: gfns.lowerBound / Self.blockGFNs) { s in
      let lo = max(s.start * Self.blockGFNs, gfns.lowerBound)
      guard lo < gfns.upperBound else { return false }
      let hi = min(s.end * Self.blockGFNs, gfns.upperBound)
      let base = s.start * Self.blockGFNs
      let mask = s.isFull ? MemAttrBits.full : MemAttrBits(Int(lo - base)..<Int(hi - base))
      if isPrivate {
        holds = lo == cursor && s.bits & mask == mask
        cursor = hi
      } else {
        holds = (s.bits & mask).isEmpty
      }
      return holds
    }
    return holds && (!isPrivate || cursor == gfns.upperBound)
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
    if !gfns.isEmpty {
      forEachSegment(from: gfns.lowerBound / Self.blockGFNs) { s in
        guard s.start * Self.blockGFNs < gfns.upperBound else { return false }
        append(cursor..<max(cursor, min(s.start * Self.blockGFNs, gfns.upperBound)), false)
        forEachRun(of: s, over: gfns) { r, isPrivate in append(r, isPrivate) }
        cursor = max(cursor, min(s.end * Self.blockGFNs, gfns.upperBound))
        return true
      }
    }
    append(cursor..<gfns.upperBound, false)
    return out
  }
}

extension MemAttrArray {
  /// Calls `body` with the segments from the first that ends after block `b`, in order, while it returns true.
  private func forEachSegment(from b: UInt64, _ body: (Segment) -> Bool) {
    guard let start = find(b) else { return }
    var c = start.chunk
    var i = start.index
    while c < chunks.count {
      while i < chunks[c].count {
        guard body(chunks[c][i]) else { return }
        i += 1
      }
      c += 1
      i = 0
    }
  }

  /// Calls `body` with the runs of equal attribute of segment `s`, clipped to `gfns`, in order.
  private func forEachRun(of s: Segment, over gfns: Range<UInt64>, _ body: (Range<UInt64>, Bool) -> Void) {
    let lo = max(s.start * Self.blockGFNs, gfns.lowerBound)
    let hi = min(s.end * Self.blockGFNs, gfns.upperBound)
    guard lo < hi else { return }
    if s.isFull {
      body(lo..<hi, true)
      return
    }
    let base = s.start * Self.blockGFNs
    var i = Int(lo - base)
    while base + UInt64(i) < hi {
      let value = s.bits.contains(i)
      let next = s.bits.nextChange(from: i, value: value)
      body((base + UInt64(i))..<min(base + UInt64(next), hi), value)
      i = next
    }
  }
}
