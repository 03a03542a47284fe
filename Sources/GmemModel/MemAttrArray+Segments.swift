extension MemAttrArray {
  /// A place among the segments: an index in a chunk, which may be the chunk's end only in the last chunk.
  struct Position: Comparable {
    var chunk: Int
    var index: Int

    static func < (a: Position, b: Position) -> Bool { (a.chunk, a.index) < (b.chunk, b.index) }
  }

  /// The place of the first segment that ends after block `b` (the one holding `b`, or the next), or the end of the
  /// last chunk; nil when there are no segments. Searches the chunks' last segments, then inside one.
  @inline(__always)
  func find(_ b: UInt64) -> Position? {
    chunks.withUnsafeBufferPointer { cs -> Position? in
      guard !cs.isEmpty else { return nil }
      let c = Self.count(cs.count, endingBy: b) { cs[$0][cs[$0].count - 1].end }
      if c == cs.count { return Position(chunk: c - 1, index: cs[c - 1].count) }
      return cs[c].withUnsafeBufferPointer { ss in
        Position(chunk: c, index: Self.count(ss.count, endingBy: b) { ss[$0].end })
      }
    }
  }

  /// How many of `n` ascending ends are at or before block `b`: halving while more than eight are left, then
  /// counting the rest without a branch (which a binary search's last steps, and a chunk of a few segments, would
  /// mispredict half the time).
  @inline(__always)
  private static func count(_ n: Int, endingBy b: UInt64, _ end: (Int) -> UInt64) -> Int {
    var lo = 0
    var n = n
    while n > 8 {
      let half = n >> 1
      if end(lo + half - 1) <= b { lo += half }
      n -= half
    }
    var i = lo
    for k in lo..<(lo + n) { i &+= end(k) <= b ? 1 : 0 }
    return i
  }

  /// Sets (or clears) the bits of `mask`, neither empty nor full, in block `b`. One search, then the change in place
  /// in one chunk: a full run splits around `b`, a partial block changes, goes, or turns full and joins the full runs
  /// it touches. Only that last join, at the edge of a chunk, takes the general way.
  mutating func setBits(_ b: UInt64, _ mask: MemAttrBits, _ isPrivate: Bool) {
    guard let p = find(b) else {
      if isPrivate { chunks = [[Segment(start: b, end: b + 1, bits: mask)]] }
      return
    }
    let c = p.chunk
    let edges = (before: c > 0, after: c < chunks.count - 1)
    switch Self.setBits(b, mask, isPrivate, in: &chunks[c], at: p.index, otherChunks: edges) {
    case .inPlace: break
    case .resized: rebalance(c)
    case .joinsAcrossChunks: assign(b, b + 1, .full)
    }
  }

  /// What a change in one chunk leaves to do.
  private enum ChunkChange {
    /// Nothing: the chunk kept its length.
    case inPlace
    /// The chunk grew or shrank.
    case resized
    /// Nothing was changed: a partial block turns full at the chunk's edge, and may join a run in the next chunk.
    case joinsAcrossChunks
  }

  /// `setBits` inside chunk `segments`, whose segment `i` is the first that ends after `b`; `otherChunks` says
  /// whether chunks lie before and after it.
  private static func setBits(
    _ b: UInt64, _ mask: MemAttrBits, _ isPrivate: Bool, in segments: inout [Segment], at i: Int,
    otherChunks: (before: Bool, after: Bool)
  ) -> ChunkChange {
    let count = segments.count
    guard i < count, segments[i].start <= b else {
      guard isPrivate else { return .inPlace }
      insert(Segment(start: b, end: b + 1, bits: mask), nil, in: &segments, at: i)
      return .resized
    }
    let s = segments[i]
    let new = isPrivate ? s.bits | mask : s.bits & ~mask
    if new == s.bits { return .inPlace }
    if s.isFull {
      // The full run splits into the blocks before `b`, block `b`, and the blocks after it.
      let middle = Segment(start: b, end: b + 1, bits: new)
      let right = Segment(start: b + 1, end: s.end, bits: .full)
      switch (s.start < b, b + 1 < s.end) {
      case (true, true):
        segments[i].end = b
        insert(middle, right, in: &segments, at: i + 1)
      case (true, false):
        segments[i].end = b
        insert(middle, nil, in: &segments, at: i + 1)
      case (false, true):
        segments[i] = middle
        insert(right, nil, in: &segments, at: i + 1)
      case (false, false):
        segments[i] = middle
        return .inPlace
      }
      return .resized
    }
    if new.isEmpty {
      remove(1, from: &segments, at: i)
      return .resized
    }
    guard new.isFull else {
      segments[i].bits = new
      return .inPlace
    }
    guard (i > 0 || !otherChunks.before) && (i < count - 1 || !otherChunks.after) else { return .joinsAcrossChunks }
    let joinsPrevious = i > 0 && segments[i - 1].end == b && segments[i - 1].isFull
    let joinsNext = i < count - 1 && segments[i + 1].start == b + 1 && segments[i + 1].isFull
    switch (joinsPrevious, joinsNext) {
    case (true, true):
      segments[i - 1].end = segments[i + 1].end
      remove(2, from: &segments, at: i)
    case (true, false):
      segments[i - 1].end = b + 1
      remove(1, from: &segments, at: i)
    case (false, true):
      segments[i + 1].start = b
      remove(1, from: &segments, at: i)
    case (false, false):
      segments[i].bits = .full
      return .inPlace
    }
    return .resized
  }

  /// Inserts `a`, and `b` after it if there is one, at `i` in `segments`: appended, then moved into place with one
  /// move of the segments after `i` (Array's `insert` goes through its generic `replaceSubrange`).
  private static func insert(_ a: Segment, _ b: Segment?, in segments: inout [Segment], at i: Int) {
    segments.append(a)
    if let b { segments.append(b) }
    let k = b == nil ? 1 : 2
    segments.withUnsafeMutableBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      let moved = buf.count - k - i
      if moved > 0 {
        UnsafeMutableRawPointer(base + i + k).copyMemory(
          from: base + i, byteCount: moved * MemoryLayout<Segment>.stride)
        base[i] = a
        if let b { base[i + 1] = b }
      }
    }
  }

  /// Removes the `k` segments from `i` in `segments`: the ones after them move down, and the last `k` go.
  private static func remove(_ k: Int, from segments: inout [Segment], at i: Int) {
    segments.withUnsafeMutableBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      let moved = buf.count - k - i
      if moved > 0 {
        UnsafeMutableRawPointer(base + i).copyMemory(
          from: base + i + k, byteCount: moved * MemoryLayout<Segment>.stride)
      }
    }
    segments.removeLast(k)
  }

  /// Makes `start..<end` hold `bits` (all ones for a private run; a partial block alone), or nothing (shared).
  mutating func assign(_ start: UInt64, _ end: UInt64, _ bits: MemAttrBits?) {
    guard !chunks.isEmpty else {
      if let bits { chunks = [[Segment(start: start, end: end, bits: bits)]] }
      return
    }
    // Segments that touch or overlap the blocks lie from `lo` up to `hi`. Only the first can reach before them and
    // only the last past them: they keep those parts, and touching full ones merge with a full `bits`. So at most
    // three segments replace them.
    let lo = position { $0.end >= start }
    var hi = position { $0.start > end }
    if hi.index == 0 && hi.chunk > lo.chunk { hi = Position(chunk: hi.chunk - 1, index: chunks[hi.chunk - 1].count) }
    var left: Segment?
    var right: Segment?
    if lo < hi {
      let first = self[lo]
      let last = self[before: hi]
      if first.start < start { left = Segment(start: first.start, end: min(first.end, start), bits: first.bits) }
      if last.end > end { right = Segment(start: max(last.start, end), end: last.end, bits: last.bits) }
    }
    var middle = bits.map { Segment(start: start, end: end, bits: $0) }
    if let l = left, l.isFull, middle?.isFull == true {
      middle?.start = l.start
      left = nil
    }
    if let r = right, r.isFull, middle?.isFull == true {
      middle?.end = r.end
      right = nil
    }
    replace(lo, hi, left, middle, right)
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

  /// Replaces the segments from `lo` up to `hi` with those of `a`, `b` and `c` that are there.
  private mutating func replace(_ lo: Position, _ hi: Position, _ a: Segment?, _ b: Segment?, _ c: Segment?) {
    if lo.chunk == hi.chunk {
      var at = lo.index
      var end = hi.index
      for s in [a, b, c] {
        guard let s else { continue }
        if at < end { chunks[lo.chunk][at] = s } else { chunks[lo.chunk].insert(s, at: at) }
        end = max(end, at + 1)
        at += 1
      }
      if at < end { chunks[lo.chunk].removeSubrange(at..<end) }
    } else {
      var joined = Array(chunks[lo.chunk][..<lo.index])
      for s in [a, b, c] { if let s { joined.append(s) } }
      joined.append(contentsOf: chunks[hi.chunk][hi.index...])
      chunks.replaceSubrange(lo.chunk...hi.chunk, with: CollectionOfOne(joined))
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
