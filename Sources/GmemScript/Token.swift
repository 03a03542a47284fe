/// One token of a script line (SCENARIO.md "Lexical rules"): a bare word or a double-quoted string.
public struct Token: Equatable, Sendable {
  /// The two kinds of token.
  public enum Kind: Equatable, Sendable {
    /// A run of characters up to a blank, a `#` or the end of the line: a keyword, a number, a range,
    /// a `key=value` option.
    case word
    /// A double-quoted string.
    case string
  }

  /// Word or string.
  public var kind: Kind
  /// The word as written, or the string's contents with its escapes resolved and without its quotes.
  public var value: String
  /// The 1-based column, in characters, of the token's first character (a string's opening quote).
  public var column: Int
  /// How many characters the token spans in the line, quotes and escapes included.
  public var width: Int

  /// A token of `kind` holding `value` that spans `width` characters from `column`.
  public init(kind: Kind, value: String, column: Int, width: Int) {
    self.kind = kind
    self.value = value
    self.column = column
    self.width = width
  }

  /// The column just past the token's last character.
  public var endColumn: Int { column + width }
}
