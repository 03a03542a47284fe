/// Splits one line of the command language into tokens (SCENARIO.md "Lexical rules").
///
/// Tokens are separated by spaces or tabs. A `#` outside a string starts a comment that runs to the end of the
/// line. Strings are in double quotes, with `\"` and `\\` as their only escapes; a string is followed by a blank,
/// a comment or the end of the line. A line holds no control character but the tab, comments included.
/// The lexer reads Unicode scalars (so a quote followed by a combining mark is still a quote); columns count
/// characters (grapheme clusters) from 1, a tab being one.
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
      return try lex(text).tokens
    } catch {
      throw error.located(file: file, line: line)
    }
  }

  /// The tokens of `text` and its source: the text from the first token's start to the last one's end.
  static func lex(_ text: String) throws(SyntaxError) -> (tokens: [Token], source: String) {
    let scalars = Array(text.unicodeScalars)
    let columns = columns(of: text)
    try checkControlCharacters(scalars, columns)
    var tokens: [Token] = []
    var sourceStart = 0
    var sourceEnd = 0
    var i = 0
    while i < scalars.count {
      let start = i
      switch scalars[i] {
      case " ", "\t":
        i += 1
        continue
      case "#":
        i = scalars.count
        continue
      case "\"":
        let (value, next) = try string(scalars, columns, from: i)
        i = next
        tokens.append(token(.string, value, columns, start, i))
      default:
        while i < scalars.count, !isBlank(scalars[i]), scalars[i] != "#" {
          if scalars[i] == "\"" {
            throw SyntaxError(
              column: columns[i],
              message: "unexpected '\"' inside a word (a string starts after a blank)")
          }
          i += 1
        }
        tokens.append(token(.word, String.UnicodeScalarView(scalars[start..<i]), columns, start, i))
      }
      if tokens.count == 1 { sourceStart = start }
      sourceEnd = i
    }
    return (tokens, String(String.UnicodeScalarView(scalars[sourceStart..<sourceEnd])))
  }

  /// The contents of the string whose opening quote is at `start`, and the index just past its closing quote.
  private static func string(
    _ scalars: [Unicode.Scalar], _ columns: [Int], from start: Int
  ) throws(SyntaxError) -> (String.UnicodeScalarView, Int) {
    var value = String.UnicodeScalarView()
    var i = start + 1
    while i < scalars.count {
      let scalar = scalars[i]
      if scalar == "\"" {
        i += 1
        if i < scalars.count, !isBlank(scalars[i]), scalars[i] != "#" {
          throw SyntaxError(
            column: columns[i], message: "expected a blank after the string, got '\(scalars[i])'")
        }
        return (value, i)
      }
      if scalar == "\\" {
        guard i + 1 < scalars.count else { break }
        let escaped = scalars[i + 1]
        guard escaped == "\"" || escaped == "\\" else {
          throw SyntaxError(
            column: columns[i],
            message: #"unknown escape '\\#(escaped)' in string (only \" and \\ are escapes)"#)
        }
        value.append(escaped)
        i += 2
      } else {
        value.append(scalar)
        i += 1
      }
    }
    throw SyntaxError(column: columns[start], message: "unterminated string")
  }

  /// A token spanning the scalars `start..<end`.
  private static func token(
    _ kind: Token.Kind, _ value: String.UnicodeScalarView, _ columns: [Int], _ start: Int,
    _ end: Int
  ) -> Token {
    Token(
      kind: kind, value: String(value), column: columns[start], width: columns[end] - columns[start]
    )
  }

  /// The 1-based column of each scalar of `text` (the index of its grapheme cluster), and one more entry:
  /// the column just past the end.
  private static func columns(of text: String) -> [Int] {
    var columns: [Int] = []
    columns.reserveCapacity(text.unicodeScalars.count + 1)
    var column = 1
    for character in text {
      for _ in character.unicodeScalars { columns.append(column) }
      column += 1
    }
    columns.append(column)
    return columns
  }

  /// Throws at the first control character other than a tab.
  private static func checkControlCharacters(
    _ scalars: [Unicode.Scalar], _ columns: [Int]
  ) throws(SyntaxError) {
    for (i, scalar) in scalars.enumerated()
    where scalar != "\t" && scalar.properties.generalCategory == .control {
      guard scalar.value != 0 else { throw SyntaxError(column: columns[i], message: "NUL byte") }
      let code = String(scalar.value, radix: 16, uppercase: true)
      let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
      throw SyntaxError(column: columns[i], message: "control character U+\(padded)")
    }
  }

  /// A token separator: a space or a tab.
  private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
}
