import CNcursesShim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns a cell's glyph into the null-terminated wide string `setcchar` takes: one spacing character of one
/// column (or two, when the caller has a second column for it), then up to four combining marks.
enum GlyphEncoder {
  /// The most combining marks curses stores with a spacing character (`CCHARW_MAX` - 1).
  static let maximumCombiningMarks = 4

  /// Writes the wide string for `glyph` into `buffer` (replacing its contents) and returns the columns it takes.
  /// A control character becomes a space; a glyph that does not take exactly one column in the current locale
  /// (wide, zero-width, or not encodable, as every non-ASCII glyph is in the C locale) becomes `?`, except that a
  /// wide one (two columns) is kept when `wideAllowed`.
  @discardableResult
  static func encode(_ glyph: Character, into buffer: inout [wchar_t], wideAllowed: Bool = false) -> Int {
    buffer.removeAll(keepingCapacity: true)
    var columns = 1
    let scalars = glyph.unicodeScalars
    let first = scalars.first!.value
    let width = first < 0x7F ? 1 : gmem_wcwidth(Int32(first))
    if first >= 0x20 && first < 0x7F && scalars.count == 1 {
      buffer.append(wchar_t(first))
    } else if first < 0x20 || (first >= 0x7F && first < 0xA0) {
      buffer.append(wchar_t(0x20))
    } else if width != 1 && !(width == 2 && wideAllowed) {
      buffer.append(wchar_t(0x3F))
    } else {
      columns = Int(width)
      buffer.append(wchar_t(first))
      for scalar in scalars.dropFirst() {
        guard gmem_wcwidth(Int32(scalar.value)) == 0, buffer.count <= maximumCombiningMarks else {
          buffer.removeAll(keepingCapacity: true)
          buffer.append(wchar_t(0x3F))
          columns = 1
          break
        }
        buffer.append(wchar_t(scalar.value))
      }
    }
    buffer.append(0)
    return columns
  }
}
