import GmemModel

/// The value syntaxes of the language (SCENARIO.md "Lexical rules"): NUMBER, RANGE, BYTE and DURATION.
///
/// Every function takes the text of one value and the column where it starts, and throws at the column of
/// the part that is wrong.
enum NumberParser {
  /// A NUMBER: decimal or `0x` hexadecimal, `_` between digits, an optional binary unit `K`, `M`, `G`, `T`
  /// (case-insensitive). Throws "invalid number", a misplaced `_`, or "number too large" past 64 bits.
  /// Reads UTF-8 bytes: every byte of a valid number is ASCII, so any other byte makes it invalid.
  static func number(_ text: Substring, column: Int) throws(SyntaxError) -> UInt64 {
    // On the bytes in place: through the Substring's UTF-8 view every index is checked.
    var bytes = text
    switch bytes.withUTF8(scan) {
    case .value(let value): return value
    case .invalid: throw SyntaxError(column: column, message: "invalid number '\(text)'")
    case .misplacedUnderscore: throw misplacedUnderscore(text, column: column)
    case .tooLarge: throw tooLarge(text, column: column)
    }
  }

  /// What `scan` read: a value, or what is wrong with it.
  private enum Scanned {
    case value(UInt64)
    case invalid, misplacedUnderscore, tooLarge
  }

  /// The NUMBER in `bytes`.
  private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scanned {
    var (start, end) = (0, bytes.count)
    var unit: UInt64 = 1
    if end > 0, let shift = unitShift(bytes[end - 1]) {
      unit = 1 << shift
      end -= 1
    }
    var radix: UInt64 = 10
    if end - start >= 2, bytes[start] == UInt8(ascii: "0"),
      bytes[start + 1] == UInt8(ascii: "x") || bytes[start + 1] == UInt8(ascii: "X")
    {
      radix = 16
      start += 2
    }
    var value: UInt64 = 0
    var sawDigit = false
    var afterDigit = false
    for c in bytes[start..<end] {
      if c == UInt8(ascii: "_") {
        guard afterDigit else { return .misplacedUnderscore }
        afterDigit = false
        continue
      }
      guard let digit = digitValue(c), digit < radix else { return .invalid }
      let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
      let (sum, carry) = shifted.addingReportingOverflow(digit)
      guard !overflow, !carry else { return .tooLarge }
      value = sum
      sawDigit = true
      afterDigit = true
    }
    guard sawDigit else { return .invalid }
    guard afterDigit else { return .misplacedUnderscore }
    let (scaled, overflow) = value.multipliedReportingOverflow(by: unit)
    return overflow ? .tooLarge : .value(scaled)
  }

  /// A NUMBER that fits in an `Int`.
  static func int(_ text: Substring, column: Int) throws(SyntaxError) -> Int {
    guard let value = Int(exactly: try number(text, column: column)) else {
      throw tooLarge(text, column: column)
    }
    return value
  }

  /// A RANGE: `OFF+LEN`, `OFF..END` (END exclusive, not before OFF) or `OFF` (the 4 KiB page at OFF).
  static func range(_ text: Substring, column: Int) throws(SyntaxError) -> FileRange {
    // The searches by character are slow; a text without the separator's byte cannot hold it.
    let (dot, plus) = (UInt8(ascii: "."), UInt8(ascii: "+"))
    var bytes = text
    let (hasDot, hasPlus) = bytes.withUTF8 { ($0.contains(dot), $0.contains(plus)) }
    if hasDot, let dots = text.firstRange(of: "..") {
      let (start, end) = try pair(text, split: dots, column: column, first: "start", second: "end")
      guard end.value >= start.value else {
        throw SyntaxError(
          column: end.column, message: "range end \(end.text) is before its start \(start.text)")
      }
      return FileRange(offset: start.value, length: end.value - start.value)
    }
    if hasPlus, let plus = text.firstIndex(of: "+") {
      let split = plus..<text.index(after: plus)
      let (offset, length) = try pair(
        text, split: split, column: column, first: "offset", second: "length")
      return FileRange(offset: offset.value, length: length.value)
    }
    return .page(try number(text, column: column))
  }

  /// A BYTE: a NUMBER from 0 to 255.
  static func byte(_ text: Substring, column: Int) throws(SyntaxError) -> UInt8 {
    guard let byte = UInt8(exactly: try number(text, column: column)) else {
      throw SyntaxError(column: column, message: "byte out of range '\(text)' (expected 0 to 255)")
    }
    return byte
  }

  /// The longest DURATION: a day. A longer pause in a talk is a mistake, and the bound keeps playback time
  /// (milliseconds, scaled by a speed of at least 0.01) far from overflowing.
  static let maximumMilliseconds: UInt64 = 86_400_000

  /// A DURATION in milliseconds: a NUMBER followed by `ms` or `s`, at most `maximumMilliseconds`.
  static func milliseconds(_ text: Substring, column: Int) throws(SyntaxError) -> UInt64 {
    let (count, perUnit): (Substring, UInt64) =
      if text.hasSuffix("ms") {
        (text.dropLast(2), 1)
      } else if text.hasSuffix("s") {
        (text.dropLast(1), 1000)
      } else {
        ("", 0)
      }
    guard !count.isEmpty else {
      throw SyntaxError(
        column: column,
        message: "invalid duration '\(text)' (expected a number and ms or s: 500ms, 2s)")
    }
    let (value, overflow) = try number(count, column: column).multipliedReportingOverflow(
      by: perUnit)
    guard !overflow, value <= maximumMilliseconds else {
      throw SyntaxError(
        column: column, message: "duration too long '\(text)' (at most 24 hours: 86400s or 86400000ms)")
    }
    return value
  }

  /// The two NUMBERs of a range on either side of `split`, with their text and columns.
  private static func pair(
    _ text: Substring, split: Range<Substring.Index>, column: Int, first: String, second: String
  ) throws(SyntaxError) -> (
    (value: UInt64, text: Substring, column: Int), (value: UInt64, text: Substring, column: Int)
  ) {
    let left = text[..<split.lowerBound]
    let right = text[split.upperBound...]
    let rightColumn = column + text.distance(from: text.startIndex, to: split.upperBound)
    let separator = text[split]
    guard !left.isEmpty else {
      throw SyntaxError(
        column: column, message: "missing \(first) before '\(separator)' in range '\(text)'")
    }
    guard !right.isEmpty else {
      throw SyntaxError(
        column: rightColumn, message: "missing \(second) after '\(separator)' in range '\(text)'")
    }
    let leftValue = try number(left, column: column)
    let rightValue = try number(right, column: rightColumn)
    return ((leftValue, left, column), (rightValue, right, rightColumn))
  }

  /// log2 of a binary unit letter.
  private static func unitShift(_ c: UInt8) -> UInt64? {
    switch c {
    case UInt8(ascii: "K"), UInt8(ascii: "k"): 10
    case UInt8(ascii: "M"), UInt8(ascii: "m"): 20
    case UInt8(ascii: "G"), UInt8(ascii: "g"): 30
    case UInt8(ascii: "T"), UInt8(ascii: "t"): 40
    default: nil
    }
  }

  /// The value of an ASCII hexadecimal digit.
  private static func digitValue(_ ascii: UInt8) -> UInt64? {
    switch ascii {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(ascii - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(ascii - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(ascii - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  private static func tooLarge(_ text: Substring, column: Int) -> SyntaxError {
    SyntaxError(column: column, message: "number too large '\(text)' (more than 64 bits)")
  }

  private static func misplacedUnderscore(_ text: Substring, column: Int) -> SyntaxError {
    SyntaxError(column: column, message: "invalid number '\(text)' ('_' goes between two digits)")
  }
}
