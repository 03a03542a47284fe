/// Splits one line of the command language into tokens (SCENARIO.md "Lexical rules").
///
/// Tokens are separated by spaces or tabs. A `#` outside a string starts a comment that runs to the end of the
/// line. Strings are in double quotes, with `\"` and `\\` as their only escapes; a string is followed by a blank,
/// a comment or the end of the line. A line holds no control character but the tab. Columns count characters
/// (grapheme clusters); a tab is one column.
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
      return try tokens(in: Array(text))
    } catch {
      throw error.located(file: file, line: line)
    }
  }

  /// The tokens of a line given as characters.
  static func tokens(in chars: [Character]) throws(SyntaxError) -> [Token] {
    try checkControlCharacters(chars)
    var tokens: [Token] = []
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if isBlank(c) {
        i += 1
      } else if c == "#" {
        break
      } else if c == "\"" {
        let (token, next) = try string(chars, from: i)
        tokens.append(token)
        i = next
      } else {
        let start = i
        while i < chars.count, !isBlank(chars[i]), chars[i] != "#" {
          if chars[i] == "\"" {
            throw SyntaxError(
              column: i + 1,
              message: "unexpected '\"' inside a word (a string starts after a blank)")
          }
          i += 1
        }
        let word = String(chars[start..<i])
        tokens.append(Token(kind: .word, value: word, column: start + 1, width: i - start))
      }
    }
    return tokens
  }

  /// The string token whose opening quote is at `start`, and the index just past it.
  private static func string(
    _ chars: [Character], from start: Int
  ) throws(SyntaxError) -> (Token, Int) {
    var value = ""
    var i = start + 1
    while i < chars.count {
      let c = chars[i]
      if c == "\"" {
        i += 1
        if i < chars.count, !isBlank(chars[i]), chars[i] != "#" {
          throw SyntaxError(
            column: i + 1, message: "expected a blank after the string, got '\(chars[i])'")
        }
        return (Token(kind: .string, value: value, column: start + 1, width: i - start), i)
      }
      if c == "\\" {
        guard i + 1 < chars.count else { break }
        let escaped = chars[i + 1]
        guard escaped == "\"" || escaped == "\\" else {
          throw SyntaxError(
            column: i + 1,
            message: "unknown escape '\\\(escaped)' in string (only \\\" and \\\\ are escapes)")
        }
        value.append(escaped)
        i += 2
      } else {
        value.append(c)
        i += 1
      }
    }
    throw SyntaxError(column: start + 1, message: "unterminated string")
  }

  /// Throws at the first control character other than a tab.
  private static func checkControlCharacters(_ chars: [Character]) throws(SyntaxError) {
    for (index, c) in chars.enumerated() where c != "\t" {
      for scalar in c.unicodeScalars where scalar.properties.generalCategory == .control {
        if scalar.value == 0 {
          throw SyntaxError(column: index + 1, message: "NUL byte")
        }
        let code = String(scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        throw SyntaxError(column: index + 1, message: "control character U+\(padded)")
      }
    }
  }

  /// A token separator: a space or a tab.
  private static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }
}
