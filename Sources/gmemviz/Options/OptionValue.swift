import ArgumentParser
import GmemModel
import GmemScript

/// Parsers of option values that say why a value is refused, in words the parser puts after the option and the
/// value: `gmemviz: error: --cols 0: must be a whole number from 40 to 1000`.
enum OptionValue {
  /// Why a value is refused.
  struct Invalid: Error, CustomStringConvertible {
    var description: String
  }

  /// A whole number in `range`.
  static func integer<T: FixedWidthInteger & Sendable>(in range: ClosedRange<T>) -> @Sendable (String) throws -> T {
    { text in
      guard let value = T(text), range.contains(value) else {
        throw Invalid(
          description: range.upperBound == T.max
            ? "must be a whole number from \(range.lowerBound) up"
            : "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return value
    }
  }

  /// A playback speed, a multiple of real time in (0, 64].
  @Sendable static func speed(_ text: String) throws -> Double {
    guard let value = Double(text), value >= 0.01, value <= 64 else {
      throw Invalid(description: "must be a number from 0.01 to 64, a multiple of real time (e.g. 0.5, 2)")
    }
    return value
  }

  /// A step of a scenario: 0 is the start, 1 the first `step`.
  @Sendable static func step(_ text: String) throws -> Int {
    guard let value = Int(text), value >= 0 else {
      throw Invalid(description: "steps are numbered from 1 (0 is the start)")
    }
    return value
  }

  /// A guest_memfd size as the language writes it: positive and a multiple of 4K.
  @Sendable static func size(_ text: String) throws -> String {
    let parsed = isOneWord(text) ? try? Parser.parse("gmem \(text)", file: "--size") : nil
    guard case .command(.gmem(let spec))? = parsed?.first?.statement, spec.size > 0, spec.size % 4096 == 0 else {
      throw Invalid(description: "a size must be positive and a multiple of 4K, e.g. 8G, 512M or 1T")
    }
    return text
  }

  /// A number of bytes of memory to use: a whole number with an optional K, M or G (binary), up to 1G.
  @Sendable static func memoryBudget(_ text: String) throws -> Int {
    let units: [Character: Int] = ["K": 10, "M": 20, "G": 30]
    let shift = text.last.flatMap { units[Character($0.uppercased())] } ?? 0
    let digits = shift > 0 ? text.dropLast() : Substring(text)
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0, value <= 1 << 30,
      value << shift <= 1 << 30
    else {
      throw Invalid(description: "must be a size from 0 to 1G, e.g. 16M or 512K")
    }
    return value << shift
  }

  /// Creation flags as the language writes them (`mmap,init-shared`, `0x3`).
  @Sendable static func flags(_ text: String) throws -> String {
    guard isOneWord(text) else { throw Invalid(description: "expected one word, e.g. mmap,init-shared or 0x3") }
    do {
      _ = try Parser.parse("gmem 4K flags=\(text)", file: "--flags")
    } catch {
      throw Invalid(description: error.message)
    }
    return text
  }

  /// True when `text` is one word of the language: no blank, comment or line break that would change what the
  /// setup lines built from it say.
  private static func isOneWord(_ text: String) -> Bool {
    !text.isEmpty && !text.contains { $0.isWhitespace || $0 == "#" || $0 == "\"" || !$0.isASCII }
  }

  /// A capability number for `caps --cap`: `NAME=NUMBER`.
  @Sendable static func capabilityNumber(_ text: String) throws -> CapabilityNumber {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty, let number = UInt32(parts[1]) else {
      throw Invalid(description: "expected NAME=NUMBER, e.g. KVM_CAP_MEMORY_ATTRIBUTES2=245")
    }
    return CapabilityNumber(name: parts[0], number: number)
  }

  /// Two profiles, comma-separated (`rfc1,inplace`).
  @Sendable static func profilePair(_ text: String) throws -> ProfilePair {
    let profiles = text.split(separator: ",", omittingEmptySubsequences: false).map { Profile(rawValue: String($0)) }
    guard profiles.count == 2, let first = profiles[0], let second = profiles[1] else {
      let names = Profile.allCases.map(\.rawValue).joined(separator: ", ")
      throw Invalid(description: "expected two profiles, comma-separated, each one of \(names) (e.g. rfc1,inplace)")
    }
    return ProfilePair(first: first, second: second)
  }
}

/// The two profiles `compare` plays side by side.
struct ProfilePair: CustomStringConvertible, Sendable {
  var first: Profile
  var second: Profile

  /// Both, in order.
  var profiles: [Profile] { [first, second] }
  /// `rfc1,inplace`.
  var description: String { "\(first.rawValue),\(second.rawValue)" }
}

/// A configurable capability probed at another number (`caps --cap NAME=NUMBER`).
struct CapabilityNumber: Sendable {
  var name: String
  var number: UInt32
}
