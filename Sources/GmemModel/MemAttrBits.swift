/// The PRIVATE bits of one block of `MemAttrArray`: gfn `512 * block + i` in bit `i % 64` of word `i / 64`.
///
/// Eight plain words rather than a `SIMD8<UInt64>`, whose comparisons and lane access went through the stack: every
/// operation here is a handful of register instructions.
struct MemAttrBits: Equatable, Sendable {
  var w0, w1, w2, w3, w4, w5, w6, w7: UInt64

  /// Every word `word`.
  @inline(__always) init(repeating word: UInt64) {
    (w0, w1, w2, w3, w4, w5, w6, w7) = (word, word, word, word, word, word, word, word)
  }

  /// The bits of the offsets `range` (inside 0..<512) set.
  @inline(__always) init(_ range: Range<Int>) {
    self.init(repeating: 0)
    var w = range.lowerBound >> 6
    let hi = range.upperBound
    while w << 6 < hi {
      let from = max(range.lowerBound - w << 6, 0)
      let to = min(hi - w << 6, 64)
      let ones: UInt64 = to - from == 64 ? ~0 : (1 << UInt64(to - from)) &- 1
      self[w] = ones << UInt64(from)
      w += 1
    }
  }

  /// No gfn private.
  static let none = MemAttrBits(repeating: 0)
  /// Every gfn private.
  static let full = MemAttrBits(repeating: ~0)

  /// Word `w` (0..<8).
  @inline(__always) subscript(w: Int) -> UInt64 {
    get {
      switch w & 7 {
      case 0: w0
      case 1: w1
      case 2: w2
      case 3: w3
      case 4: w4
      case 5: w5
      case 6: w6
      default: w7
      }
    }
    set {
      switch w & 7 {
      case 0: w0 = newValue
      case 1: w1 = newValue
      case 2: w2 = newValue
      case 3: w3 = newValue
      case 4: w4 = newValue
      case 5: w5 = newValue
      case 6: w6 = newValue
      default: w7 = newValue
      }
    }
  }

  /// Every bit set.
  @inline(__always) var isFull: Bool { w0 & w1 & w2 & w3 & w4 & w5 & w6 & w7 == ~0 }
  /// No bit set.
  @inline(__always) var isEmpty: Bool { w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7 == 0 }

  /// Whether offset `i` (0..<512) is set.
  @inline(__always) func contains(_ i: Int) -> Bool { self[i >> 6] & (1 << UInt64(i & 63)) != 0 }

  /// The first offset from `from` on whose bit is not `value`, or 512.
  func nextChange(from: Int, value: Bool) -> Int {
    var w = from >> 6
    var x = (value ? ~self[w] : self[w]) & (~0 << UInt64(from & 63))
    while x == 0 {
      w += 1
      if w == 8 { return 512 }
      x = value ? ~self[w] : self[w]
    }
    return w << 6 + x.trailingZeroBitCount
  }

  @inline(__always) static func | (a: MemAttrBits, b: MemAttrBits) -> MemAttrBits {
    var r = a
    (r.w0, r.w1, r.w2, r.w3) = (a.w0 | b.w0, a.w1 | b.w1, a.w2 | b.w2, a.w3 | b.w3)
    (r.w4, r.w5, r.w6, r.w7) = (a.w4 | b.w4, a.w5 | b.w5, a.w6 | b.w6, a.w7 | b.w7)
    return r
  }

  @inline(__always) static func & (a: MemAttrBits, b: MemAttrBits) -> MemAttrBits {
    var r = a
    (r.w0, r.w1, r.w2, r.w3) = (a.w0 & b.w0, a.w1 & b.w1, a.w2 & b.w2, a.w3 & b.w3)
    (r.w4, r.w5, r.w6, r.w7) = (a.w4 & b.w4, a.w5 & b.w5, a.w6 & b.w6, a.w7 & b.w7)
    return r
  }

  @inline(__always) static prefix func ~ (a: MemAttrBits) -> MemAttrBits {
    var r = a
    (r.w0, r.w1, r.w2, r.w3, r.w4, r.w5, r.w6, r.w7) = (~a.w0, ~a.w1, ~a.w2, ~a.w3, ~a.w4, ~a.w5, ~a.w6, ~a.w7)
    return r
  }
}
