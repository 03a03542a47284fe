/// Measuring and cutting text by terminal columns, as `Screen.put` draws it: each grapheme cluster takes
/// `width(of:)` columns.
public enum TextColumns {
  /// Columns `text` takes.
  public static func columns(_ text: String) -> Int {
    if isOneColumnPerScalar(text) { return text.unicodeScalars.count }
    var columns = 0
    for character in text { columns += width(of: character) }
    return columns
  }

  /// `text` cut to `width` columns, ending in `ellipsis` when it was longer. A wide character that would cross
  /// the cut is left out whole.
  public static func truncate(_ text: String, width: Int, ellipsis: Character = "…") -> String {
    guard width > 0 else { return "" }
    guard columns(text) > width else { return text }
    let room = width - self.width(of: ellipsis)
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let w = self.width(of: text[index])
      if used + w > room { break }
      used += w
      end = text.index(after: index)
    }
    return String(text[..<end]) + String(ellipsis)
  }

  /// True when each Unicode scalar of `text` is printable, one column wide and a cluster of its own (as the
  /// frame's own text is: ASCII, `·`, `→`, box drawing), so that it can be drawn a scalar per cell.
  static func isOneColumnPerScalar(_ text: String) -> Bool {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return true }
    return text.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) && isNarrow($0) }
  }
}
