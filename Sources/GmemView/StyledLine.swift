/// A line of text whose characters carry styles: an outcome in red inside a log line, a sample glyph in an
/// inspector line. Wrapped and cut by columns, one column per Unicode scalar.
struct StyledLine: Equatable {
  private(set) var scalars: [Unicode.Scalar] = []
  private(set) var styles: [Style] = []

  init() {}

  init(_ text: String, _ style: Style) { append(text, style) }

  /// Columns it takes.
  var count: Int { scalars.count }

  /// The text without styles.
  var text: String { String(String.UnicodeScalarView(scalars)) }

  mutating func append(_ text: String, _ style: Style) {
    for s in text.unicodeScalars {
      scalars.append(s)
      styles.append(style)
    }
  }

  mutating func append(_ other: StyledLine) {
    scalars += other.scalars
    styles += other.styles
  }

  /// Cut to `width` columns, ending in `ellipsis` when it was longer.
  func truncated(_ width: Int, ellipsis: Character) -> StyledLine {
    guard count > width else { return self }
    guard width > 0 else { return StyledLine() }
    var out = StyledLine()
    out.scalars = Array(scalars.prefix(width - 1))
    out.styles = Array(styles.prefix(width - 1))
    out.append(String(ellipsis), styles[width - 1])
    return out
  }

  /// Broken at spaces into lines of at most `width` columns; continuation lines start with `indent` spaces,
  /// spaces inside a line are kept, and a word longer than a line is cut.
  func wrapped(_ width: Int, indent: Int = 0) -> [StyledLine] {
    guard width > 0 else { return [] }
    guard count > width else { return [self] }
    let pad = min(indent, width / 2)
    var lines: [StyledLine] = []
    var line = StyledLine()
    var start = 0
    var i = 0
    let n = scalars.count
    while i < n && scalars[i] == " " {
      line.append(" ", styles[i])
      i += 1
    }
    start = line.count
    var gap = 0..<0
    while i < n {
      var j = i
      while j < n && scalars[j] != " " { j += 1 }
      var word = i..<j
      if line.count > start && line.count + gap.count + word.count > width {
        lines.append(line)
        line = StyledLine(String(repeating: " ", count: pad), styles[i])
        start = pad
      }
      if line.count > start {
        line.scalars += scalars[gap]
        line.styles += styles[gap]
      }
      while line.count + word.count > width {
        let room = max(1, width - line.count)
        line.scalars += scalars[word.lowerBound..<(word.lowerBound + room)]
        line.styles += styles[word.lowerBound..<(word.lowerBound + room)]
        lines.append(line)
        line = StyledLine(String(repeating: " ", count: pad), styles[i])
        start = pad
        word = (word.lowerBound + room)..<word.upperBound
      }
      line.scalars += scalars[word]
      line.styles += styles[word]
      i = j
      while i < n && scalars[i] == " " { i += 1 }
      gap = j..<i
    }
    if line.count > start { lines.append(line) }
    return lines
  }

  /// The part of `line` from column `start` on.
  static func suffix(of line: StyledLine, from start: Int) -> StyledLine {
    var out = StyledLine()
    out.scalars = Array(line.scalars.dropFirst(start))
    out.styles = Array(line.styles.dropFirst(start))
    return out
  }

  /// Cut to `width` columns and marked as cut: it ends in `ellipsis` whether or not it was longer.
  func markedCut(_ width: Int, ellipsis: Character, style: Style) -> StyledLine {
    guard count >= width else {
      var out = self
      out.append(String(ellipsis), style)
      return out
    }
    return truncated(width, ellipsis: ellipsis)
  }
}
