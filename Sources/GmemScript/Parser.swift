import GmemModel

/// The parser of the command language (SCENARIO.md): scripts, and the TUI's `:` command line.
///
/// The first error stops parsing; it is reported as `file:line:column: message`, the column counting
/// characters from 1. A line ends at LF; a CR before the LF is dropped, and so is a UTF-8 byte order mark
/// at the start of a file.
public enum Parser {
  /// Parses a whole script.
  ///
  /// Bytes that are not UTF-8 text, or contain NUL, give an error at the line and column of the first bad
  /// byte ("not UTF-8 text" / "NUL byte"), never a crash. Blank and comment lines give no `ScriptLine`.
  public static func parse(_ bytes: [UInt8], file: String) throws(ScriptError) -> [ScriptLine] {
    var lines: [ScriptLine] = []
    var start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    var number = 1
    var previous: Command?
    while start <= bytes.count {
      let next = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
      if let line = try line(bytes[start..<next], number: number, file: file, after: &previous) {
        lines.append(line)
      }
      start = next + 1
      number += 1
    }
    return lines
  }

  /// The UTF-8 byte order mark, dropped at the start of a file.
  public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// Parses line `number` of a script on its own, as the first line of a script.
  public static func line(
    _ bytes: ArraySlice<UInt8>, number: Int, file: String
  ) throws(ScriptError) -> ScriptLine? {
    var previous: Command?
    return try line(bytes, number: number, file: file, after: &previous)
  }

  /// Parses line `number` of a script, its bytes without the LF (a CR before it is dropped here); nil for a blank
  /// or comment-only line. Every line of a script is parsed by this, whether the script is read whole or streamed.
  /// `previous` is the last operation of the lines before, which `expect` checks (`ErrorOffsetRule`); a command
  /// line replaces it.
  public static func line(
    _ bytes: ArraySlice<UInt8>, number: Int, file: String, after previous: inout Command?
  ) throws(ScriptError) -> ScriptLine? {
    var lineBytes = bytes
    if lineBytes.last == UInt8(ascii: "\r") { lineBytes.removeLast() }
    if let (bad, message) = firstBadByte(lineBytes) {
      let column = String(decoding: lineBytes[..<bad], as: UTF8.self).count + 1
      throw ScriptError(file: file, line: number, column: column, message: message)
    }
    guard let (statement, source) = try parsed(lineBytes, file: file, line: number, after: previous) else {
      return nil
    }
    if case .command(let command) = statement { previous = command }
    return ScriptLine(number: number, statement: statement, source: source)
  }

  /// Parses a whole script given as text; the same as parsing its UTF-8 bytes.
  public static func parse(_ text: String, file: String) throws(ScriptError) -> [ScriptLine] {
    try parse(Array(text.utf8), file: file)
  }

  /// Parses one line (the TUI's `:` command line); nil for a blank or comment-only line.
  ///
  /// `text` holds no line break: one is a control character, an error.
  public static func parseLine(
    _ text: String, file: String = "<command>", line: Int = 1
  ) throws(ScriptError) -> Statement? {
    try parsed(Array(text.utf8)[...], file: file, line: line, after: nil)?.statement
  }

  /// The statement of one line and its source (the text without comment and surrounding blanks), checked against
  /// `previous`, the last operation before it.
  private static func parsed(
    _ text: ArraySlice<UInt8>, file: String, line: Int, after previous: Command?
  ) throws(ScriptError) -> (statement: Statement, source: String)? {
    do throws(SyntaxError) {
      let (tokens, source) = try Lexer.lex(text)
      guard !tokens.isEmpty else { return nil }
      let statement = try StatementParser.statement(tokens)
      try ErrorOffsetRule.check(statement, tokens: tokens, after: previous)
      return (statement, source)
    } catch {
      throw error.located(file: file, line: line)
    }
  }

  /// The index of the first NUL byte or of the first byte that starts an ill-formed UTF-8 sequence, with
  /// the message for it; nil when the bytes are UTF-8 text without NUL.
  static func firstBadByte(_ bytes: ArraySlice<UInt8>) -> (Int, String)? {
    var i = bytes.startIndex
    while i < bytes.endIndex {
      let lead = bytes[i]
      if lead == 0 { return (i, "NUL byte") }
      if lead < 0x80 {
        i += 1
        continue
      }
      // Unicode Table 3-7, well-formed UTF-8 byte sequences: the trail count and the second byte's range.
      let trail: Int
      var second: ClosedRange<UInt8> = 0x80...0xBF
      switch lead {
      case 0xC2...0xDF: trail = 1
      case 0xE0: (trail, second) = (2, 0xA0...0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: trail = 2
      case 0xED: (trail, second) = (2, 0x80...0x9F)
      case 0xF0: (trail, second) = (3, 0x90...0xBF)
      case 0xF1...0xF3: trail = 3
      case 0xF4: (trail, second) = (3, 0x80...0x8F)
      default: return (i, "not UTF-8 text")
      }
      guard i + trail < bytes.endIndex, second.contains(bytes[i + 1]) else {
        return (i, "not UTF-8 text")
      }
      for k in stride(from: 2, through: trail, by: 1) where !(0x80...0xBF).contains(bytes[i + k]) {
        return (i, "not UTF-8 text")
      }
      i += trail + 1
    }
    return nil
  }
}
