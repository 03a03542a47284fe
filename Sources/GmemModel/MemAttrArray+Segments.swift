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

  /// Sets (or clears) the bits of `mask`, neither empty nor full, in block `b`. One search, then the change in place:
  /// a full run splits around `b`, a partial block changes, goes, or turns full and joins the full runs it touches.
  /// Only that last join, at the edge of a chunk, takes the general way.
  mutating func setBits(_ b: UInt64, _ mask: MemAttrBits, _ isPrivate: Bool) {
    guard let p = find(b) else {
      if isPrivate { chunks = [[Segment(start: b, end: b + 1, bits: mask)]] }
      return
    }
    let (c, i) = (p.chunk, p.index)
    guard i < chunks[c].count, chunks[c][i].start <= b else {
      if isPrivate {
        insert(Segment(start: b, end: b + 1, bits: mask), nil, chunk: c, at: i)
        rebalance(c)
      }
      return
    }
    let s = chunks[c][i]
    let new = isPrivate ? s.bits | mask : s.bits & ~mask
    if new == s.bits { return }
    if s.isFull {
      splitRun(s, chunk: c, at: i, around: b, leaving: new)
    } else if new.isEmpty {
      remove(1, chunk: c, at: i)
      if chunks[c].isEmpty { chunks.remove(at: c) }
    } else if new.isFull {
      let count = chunks[c].count
      guard (i > 0 || c == 0) && (i < count - 1 || c == chunks.count - 1) else {
        assign(b, b + 1, .full)
        return
      }
      let joinsPrevious = i > 0 && chunks[c][i - 1].isFull && chunks[c][i - 1].end == b
      let joinsNext = i < count - 1 && chunks[c][i + 1].isFull && chunks[c][i + 1].start == b + 1
      switch (joinsPrevious, joinsNext) {
      case (true, true):
        chunks[c][i - 1].end = chunks[c][i + 1].end
        remove(2, chunk: c, at: i)
      case (true, false):
        chunks[c][i - 1].end = b + 1
        remove(1, chunk: c, at: i)
      case (false, true):
        chunks[c][i + 1].start = b
        remove(1, chunk: c, at: i)
      case (false, false):
        chunks[c][i].bits = .full
      }
    } else {
      chunks[c][i].bits = new
    }
  }

  /// Splits the full run `s`, at `i` in chunk `c`, into the blocks before `b`, block `b` with `bits`, and the blocks
  /// after it.
  private mutating func splitRun(_ s: Segment, chunk c: Int, at i: Int, around b: UInt64, leaving bits: MemAttrBits) {
    let middle = Segment(start: b, end: b + 1, bits: bits)
    let right = Segment(start: b + 1, end: s.end, bits: .full)
    switch (s.start < b, b + 1 < s.end) {
    case (true, true):
      chunks[c][i].end = b
      insert(middle, right, chunk: c, at: i + 1)
    case (true, false):
      chunks[c][i].end = b
      insert(middle, nil, chunk: c, at: i + 1)
    case (false, true):
      chunks[c][i] = middle
      insert(right, nil, chunk: c, at: i + 1)
    case (false, false):
      chunks[c][i] = middle
    }
    rebalance(c)
  }

  /// Inserts `a`, and `b` after it if there is one, at `i` in chunk `c`: appended, then moved into place with one
  /// move of the segments after `i` (Array's `insert` goes through its generic `replaceSubrange`).
  private mutating func insert(_ a: Segment, _ b: Segment?, chunk c: Int, at i: Int) {
    chunks[c].append(a)
    if let b { chunks[c].append(b) }
    let k = b == nil ? 1 : 2
    chunks[c].withUnsafeMutableBufferPointer { buf in
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

  /// Removes the `k` segments from `i` in chunk `c`: the ones after them move down, and the last `k` go.
  private mutating func remove(_ k: Int, chunk c: Int, at i: Int) {
    chunks[c].withUnsafeMutableBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      let moved = buf.count - k - i
      if moved > 0 {
        UnsafeMutableRawPointer(base + i).copyMemory(from: base + i + k, byteCount: moved * MemoryLayout<Segment>.stride)
      }
    }
    chunks[c].removeLast(k)
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
