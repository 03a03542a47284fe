/// Measuring and cutting text by terminal columns, as `Screen.put` draws it: each grapheme cluster takes
/// `width(of:)` columns.
public enum TextColumns {
  /// Columns `text` takes.
  public static func columns(_ text: String) -> Int {
    if isPrintableASCII(text) { return text.utf8.count }
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

  /// True when every byte of `text` is printable ASCII: one column each.
  @inlinable static func isPrintableASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
  }
}
