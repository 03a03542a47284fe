/// Splits one line of the command language into tokens (SCENARIO.md "Lexical rules").
///
/// Tokens are separated by spaces or tabs. A `#` outside a string starts a comment that runs to the end of the
/// line. Strings are in double quotes, with `\"` and `\\` as their only escapes; a string is followed by a blank,
/// a comment or the end of the line. A line holds no control character but the tab, comments included.
/// The lexer reads the line's UTF-8 bytes: every byte it stops at (blank, `#`, quote, backslash) is ASCII, which
/// never occurs inside a longer sequence, so a quote followed by a combining mark is still a quote. Columns count
/// characters (grapheme clusters) from 1, a tab being one; a line of ASCII needs no Unicode tables for that.
public enum Lexer {
  /// The tokens of `text`, one line without its line break; empty for a blank or comment-only line.
  ///
  /// Throws at the column of the first lexical error: a control character (`NUL byte` for U+0000), an
  /// unterminated string (at its opening quote), an unknown escape, a quote inside a word, or a string not
  /// followed by a blank.
  public static func tokens(
    in text: String, file: String = "<command>", line: Int = 1
  ) throws(ScriptError) -> [Token] {
    do throws(SyntaxError) {
      return try lex(Array(text.utf8)[...]).tokens
    } catch {
      throw error.located(file: file, line: line)
    }
  }

  /// The tokens of the UTF-8 text `bytes` and its source: the text from the first token's start to the last one's
  /// end.
  static func lex(_ bytes: ArraySlice<UInt8>) throws(SyntaxError) -> (tokens: [Token], source: String) {
    let line = LexedLine(bytes)
    try line.checkControlCharacters()
    var tokens: [Token] = []
    // One allocation for a usual line, instead of growing the array token by token.
    tokens.reserveCapacity(4)
    var sourceStart = bytes.startIndex
    var sourceEnd = bytes.startIndex
    var i = bytes.startIndex
    while i < bytes.endIndex {
      let start = i
      switch bytes[i] {
      case space, tab:
        i += 1
        continue
      case hash:
        i = bytes.endIndex
        continue
      case quote:
        let (value, next) = try line.string(from: i)
        i = next
        tokens.append(line.token(.string, value, start, i))
      default:
        while i < bytes.endIndex, !isBlank(bytes[i]), bytes[i] != hash {
          if bytes[i] == quote {
            throw SyntaxError(
              column: line.column(i), message: "unexpected '\"' inside a word (a string starts after a blank)")
          }
          i += 1
        }
        tokens.append(line.token(.word, String(decoding: bytes[start..<i], as: UTF8.self), start, i))
      }
      if tokens.count == 1 { sourceStart = start }
      sourceEnd = i
    }
    return (tokens, String(decoding: bytes[sourceStart..<sourceEnd], as: UTF8.self))
  }

  /// A token separator: a space or a tab.
  static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
}

private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let hash = UInt8(ascii: "#")
private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

/// One line's bytes and the column of each byte offset.
private struct LexedLine {
  let bytes: ArraySlice<UInt8>
  /// The 1-based column of each byte (the index of its grapheme cluster) and of the end, from `bytes.startIndex`;
  /// nil when every byte is ASCII and a byte's column is its offset plus one.
  let columns: [Int]?

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    guard bytes.contains(where: { $0 >= 0x80 }) else {
      columns = nil
      return
    }
    var columns: [Int] = []
    columns.reserveCapacity(bytes.count + 1)
    var column = 1
    for character in String(decoding: bytes, as: UTF8.self) {
      for _ in character.utf8 { columns.append(column) }
      column += 1
    }
    columns.append(column)
    self.columns = columns
  }

  /// The column of the byte at `i`, or of the end.
  func column(_ i: Int) -> Int {
    let offset = i - bytes.startIndex
    return columns?[offset] ?? offset + 1
  }

  /// The Unicode scalar that starts at byte `i`.
  func scalar(at i: Int) -> Unicode.Scalar {
    let lead = bytes[i]
    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    let text = String(decoding: bytes[i..<min(i + length, bytes.endIndex)], as: UTF8.self)
    return text.unicodeScalars.first ?? "\u{FFFD}"
  }

  /// A token spanning the bytes `start..<end`.
  func token(_ kind: Token.Kind, _ value: String, _ start: Int, _ end: Int) -> Token {
    Token(kind: kind, value: value, column: column(start), width: column(end) - column(start))
  }

  /// Throws at the first control character other than a tab: C0, DEL, or C1 (U+0080...U+009F, `C2 80...9F`).
  func checkControlCharacters() throws(SyntaxError) {
    var i = bytes.startIndex
    while i < bytes.endIndex {
      let b = bytes[i]
      var code: UInt32?
      if (b < 0x20 && b != tab) || b == 0x7F {
        code = UInt32(b)
      } else if b == 0xC2, i + 1 < bytes.endIndex, (0x80...0x9F).contains(bytes[i + 1]) {
        code = UInt32(bytes[i + 1])
      }
      if let code {
        guard code != 0 else { throw SyntaxError(column: column(i), message: "NUL byte") }
        let hex = String(code, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        throw SyntaxError(column: column(i), message: "control character U+\(padded)")
      }
      i += 1
    }
  }

  /// The contents of the string whose opening quote is at `start`, and the index just past its closing quote.
  func string(from start: Int) throws(SyntaxError) -> (String, Int) {
    var value: [UInt8] = []
    var i = start + 1
    while i < bytes.endIndex {
      let byte = bytes[i]
      if byte == quote {
        i += 1
        if i < bytes.endIndex, !Lexer.isBlank(bytes[i]), bytes[i] != hash {
          throw SyntaxError(column: column(i), message: "expected a blank after the string, got '\(scalar(at: i))'")
        }
        return (String(decoding: value, as: UTF8.self), i)
      }
      if byte == backslash {
        guard i + 1 < bytes.endIndex else { break }
        let escaped = bytes[i + 1]
        guard escaped == quote || escaped == backslash else {
          throw SyntaxError(
            column: column(i),
            message: #"unknown escape '\\#(scalar(at: i + 1))' in string (only \" and \\ are escapes)"#)
        }
        value.append(escaped)
        i += 2
      } else {
        value.append(byte)
        i += 1
      }
    }
    throw SyntaxError(column: column(start), message: "unterminated string")
  }
}
