/// A memslot binding `size` bytes of the file at `offset` to guest physical addresses from `gpa`.
struct NaiveSlot: Equatable {
  var slot: Int
  var gpa: UInt64
  var offset: UInt64
  var size: UInt64

  /// True when the slot binds the file page `p`.
  func binds(page p: Int) -> Bool {
    let off = UInt64(p) * 4096
    return off >= offset && off < offset + size
  }

  /// The gfn bound to file page `p` (which the slot binds).
  func gfn(ofPage p: Int) -> UInt64 { (gpa + (UInt64(p) * 4096 - offset)) / 4096 }

  /// The file page bound to `gfn`, if the slot covers it.
  func page(ofGFN gfn: UInt64) -> Int? {
    let g = gfn * 4096
    guard g >= gpa, g - gpa < size else { return nil }
    return Int((offset + (g - gpa)) / 4096)
  }

  /// The file pages the slot binds.
  var pages: Range<Int> { Int(offset / 4096)..<Int((offset + size) / 4096) }
}
