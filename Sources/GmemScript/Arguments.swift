import GmemModel

/// The tokens after a command's keywords, split into positional arguments and `key=value` options.
///
/// Options come after the positional arguments, in any order, each at most once. Every error names the
/// command and points at the offending token (or, for a missing argument, just past the command's last
/// keyword or positional argument).
struct Arguments {
  /// One `key=value` option.
  struct Option {
    /// The key, before the first `=`.
    var key: String
    /// The value, after the first `=`; never empty.
    var value: Substring
    /// The column of the value's first character.
    var valueColumn: Int
  }

  /// The command as written (`host write`, `expect page`), for messages.
  let command: String
  /// The positional arguments, in order: the tokens before the first option, counted from 0.
  struct Positionals: RandomAccessCollection {
    /// The tokens, a slice of the line's (so a line's arguments are not copied into an array of their own).
    let tokens: ArraySlice<Token>
    var startIndex: Int { 0 }
    var endIndex: Int { tokens.count }
    subscript(i: Int) -> Token { tokens[tokens.startIndex + i] }
  }

  /// The positional arguments, in order.
  private(set) var positionals = Positionals(tokens: [])
  /// The options given, by key.
  private var options: [String: Option] = [:]
  /// The column just past the command's last keyword or positional argument.
  private var end: Int

  /// Splits `tokens`, which follow the keyword token `keyword` of `command`.
  ///
  /// `allowed` lists the option keys; nil means the command has no option syntax, so a `key=value` word is
  /// a positional argument (`pool 1G=4`, `expect count pages=1`, `expect page 0 spte=2M`).
  init(
    _ tokens: ArraySlice<Token>, command: String, after keyword: Token, options allowed: [String]?
  ) throws(SyntaxError) {
    self.command = command
    end = keyword.endColumn
    var positionalCount = 0
    defer { positionals = Positionals(tokens: tokens.prefix(positionalCount)) }
    for token in tokens {
      guard let allowed, token.kind == .word, let equals = Self.firstEquals(token.value),
        equals != token.value.startIndex
      else {
        guard options.isEmpty else {
          throw SyntaxError(
            column: token.column,
            message:
              "argument '\(token.value)' after the options of '\(command)' (options come last)")
        }
        positionalCount += 1
        end = token.endColumn
        continue
      }
      let key = String(token.value[..<equals])
      guard allowed.contains(key) else {
        let expected =
          allowed.isEmpty
          ? "it takes no options" : "expected " + allowed.map { $0 + "=" }.joined(separator: ", ")
        throw SyntaxError(
          column: token.column, message: "unknown option '\(key)' for '\(command)' (\(expected))")
      }
      guard options[key] == nil else {
        throw SyntaxError(
          column: token.column, message: "duplicate option '\(key)' for '\(command)'")
      }
      let value = token.value[token.value.index(after: equals)...]
      let valueColumn = token.column + key.count + 1
      guard !value.isEmpty else {
        throw SyntaxError(
          column: valueColumn, message: "missing value for '\(key)=' of '\(command)'")
      }
      options[key] = Option(key: key, value: value, valueColumn: valueColumn)
    }
  }

  /// The index of the first `=` in `word`, looked for in its bytes in place.
  private static func firstEquals(_ word: String) -> String.Index? {
    let utf8 = word.utf8
    guard let offset = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "=")) }) else {
      return utf8.firstIndex(of: UInt8(ascii: "="))
    }
    return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
  }

  /// The positional arguments, which must be at least those `names` (for messages) and, unless `more`,
  /// no others.
  func require(_ names: [String], more: Bool = false) throws(SyntaxError) -> Positionals {
    if positionals.count < names.count {
      throw SyntaxError(
        column: end, message: "missing \(names[positionals.count]) for '\(command)'")
    }
    if !more, positionals.count > names.count {
      let extra = positionals[names.count]
      throw SyntaxError(
        column: extra.column, message: "extra argument '\(extra.value)' for '\(command)'")
    }
    return positionals
  }

  /// The option `key`, if given.
  func option(_ key: String) -> Option? { options[key] }

  /// The text of a positional word; a string is an error naming `what` was expected.
  func word(_ token: Token, _ what: String) throws(SyntaxError) -> Substring {
    guard token.kind == .word else {
      throw SyntaxError(
        column: token.column, message: "expected \(what) for '\(command)', got a string")
    }
    return token.value[...]
  }

  /// A positional RANGE.
  func range(_ token: Token) throws(SyntaxError) -> FileRange {
    try NumberParser.range(word(token, "RANGE"), column: token.column)
  }

  /// A positional NUMBER; `what` names it in messages.
  func number(_ token: Token, _ what: String) throws(SyntaxError) -> UInt64 {
    try NumberParser.number(word(token, what), column: token.column)
  }

  /// A positional BYTE.
  func byte(_ token: Token) throws(SyntaxError) -> UInt8 {
    try NumberParser.byte(word(token, "BYTE"), column: token.column)
  }

  /// A positional word that must be one of `cases`; `what` names it in messages.
  func choice<T: RawRepresentable<String>>(
    _ token: Token, _ cases: [T], _ what: String
  ) throws(SyntaxError) -> T {
    try choice(word(token, what), column: token.column, cases, what)
  }

  /// The NUMBER value of option `key`, if given.
  func number(option key: String) throws(SyntaxError) -> UInt64? {
    guard let option = options[key] else { return nil }
    return try NumberParser.number(option.value, column: option.valueColumn)
  }

  /// The integer value of option `key`, if given; it must be at least `minimum`.
  func int(option key: String, minimum: Int) throws(SyntaxError) -> Int? {
    guard let option = options[key] else { return nil }
    let value = try NumberParser.int(option.value, column: option.valueColumn)
    guard value >= minimum else {
      throw SyntaxError(
        column: option.valueColumn, message: "\(key)= must be at least \(minimum) for '\(command)'")
    }
    return value
  }

  /// The value of option `key`, one of `cases`, if given; `what` names it in messages.
  func choice<T: RawRepresentable<String>>(
    option key: String, _ cases: [T], _ what: String
  ) throws(SyntaxError) -> T? {
    guard let option = options[key] else { return nil }
    return try choice(option.value, column: option.valueColumn, cases, what)
  }

  /// `text`, which must be the raw value of one of `cases`.
  func choice<T: RawRepresentable<String>>(
    _ text: Substring, column: Int, _ cases: [T], _ what: String
  ) throws(SyntaxError) -> T {
    guard let value = cases.first(where: { $0.rawValue == text }) else {
      let expected = cases.map(\.rawValue).joined(separator: ", ")
      throw SyntaxError(
        column: column, message: "unknown \(what) '\(text)' for '\(command)' (expected \(expected))"
      )
    }
    return value
  }
}
