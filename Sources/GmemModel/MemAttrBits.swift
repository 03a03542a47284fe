/// The PRIVATE bits of one block of `MemAttrArray`: gfn `512 * block + i` in bit `i % 64` of word `i / 64`.
///
/// Eight plain words rather than a `SIMD8<UInt64>`, whose comparisons and lane access went through the stack: every
/// operation here is a handful of register instructions, and a word is read or written at its place in memory (a
/// homogeneous tuple is laid out as an array), not picked by a jump on its index.
struct MemAttrBits: Equatable, Sendable {
  typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
  var w: Words

  /// Every word `word`.
  @inline(__always) init(repeating word: UInt64) { w = (word, word, word, word, word, word, word, word) }

  /// The bit of offset `i` (0..<512) alone.
  @inline(__always) init(bit i: Int) {
    self.init(repeating: 0)
    self[i >> 6] = 1 << UInt64(i & 63)
  }

  /// The bits of the offsets `range` (inside 0..<512) set.
  @inline(__always) init(_ range: Range<Int>) {
    self.init(repeating: 0)
    var i = range.lowerBound >> 6
    let hi = range.upperBound
    while i << 6 < hi {
      let from = max(range.lowerBound - i << 6, 0)
      let to = min(hi - i << 6, 64)
      let ones: UInt64 = to - from == 64 ? ~0 : (1 << UInt64(to - from)) &- 1
      self[i] = ones << UInt64(from)
      i += 1
    }
  }

  /// Every gfn private.
  static let full = MemAttrBits(repeating: ~0)

  /// Word `i` (0..<8).
  @inline(__always) subscript(i: Int) -> UInt64 {
    get { withUnsafeBytes(of: w) { $0.load(fromByteOffset: (i & 7) << 3, as: UInt64.self) } }
    set { withUnsafeMutableBytes(of: &w) { $0.storeBytes(of: newValue, toByteOffset: (i & 7) << 3, as: UInt64.self) } }
  }

  /// Every bit set.
  @inline(__always) var isFull: Bool { w.0 & w.1 & w.2 & w.3 & w.4 & w.5 & w.6 & w.7 == ~0 }
  /// No bit set.
  @inline(__always) var isEmpty: Bool { w.0 | w.1 | w.2 | w.3 | w.4 | w.5 | w.6 | w.7 == 0 }

  /// Whether offset `i` (0..<512) is set.
  @inline(__always) func contains(_ i: Int) -> Bool { self[i >> 6] & (1 << UInt64(i & 63)) != 0 }

  /// The first offset from `from` on whose bit is not `value`, or 512.
  func nextChange(from: Int, value: Bool) -> Int {
    var i = from >> 6
    var x = (value ? ~self[i] : self[i]) & (~0 << UInt64(from & 63))
    while x == 0 {
      i += 1
      if i == 8 { return 512 }
      x = value ? ~self[i] : self[i]
    }
    return i << 6 + x.trailingZeroBitCount
  }

  @inline(__always) static func == (a: MemAttrBits, b: MemAttrBits) -> Bool {
    (a.w.0 ^ b.w.0) | (a.w.1 ^ b.w.1) | (a.w.2 ^ b.w.2) | (a.w.3 ^ b.w.3) | (a.w.4 ^ b.w.4) | (a.w.5 ^ b.w.5)
      | (a.w.6 ^ b.w.6) | (a.w.7 ^ b.w.7) == 0
  }

  @inline(__always) static func | (a: MemAttrBits, b: MemAttrBits) -> MemAttrBits {
    var r = a
    r.w = (
      a.w.0 | b.w.0, a.w.1 | b.w.1, a.w.2 | b.w.2, a.w.3 | b.w.3, a.w.4 | b.w.4, a.w.5 | b.w.5, a.w.6 | b.w.6,
      a.w.7 | b.w.7
    )
    return r
  }

  @inline(__always) static func & (a: MemAttrBits, b: MemAttrBits) -> MemAttrBits {
    var r = a
    r.w = (
      a.w.0 & b.w.0, a.w.1 & b.w.1, a.w.2 & b.w.2, a.w.3 & b.w.3, a.w.4 & b.w.4, a.w.5 & b.w.5, a.w.6 & b.w.6,
      a.w.7 & b.w.7
    )
    return r
  }

  @inline(__always) static prefix func ~ (a: MemAttrBits) -> MemAttrBits {
    var r = a
    r.w = (~a.w.0, ~a.w.1, ~a.w.2, ~a.w.3, ~a.w.4, ~a.w.5, ~a.w.6, ~a.w.7)
    return r
  }
}
