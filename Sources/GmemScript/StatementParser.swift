import GmemModel

/// Turns the tokens of one non-blank line into a `Statement` (SCENARIO.md "Setup", "Operations",
/// "Expectations", "Presentation").
enum StatementParser {
  /// Every command keyword, for the lower-case hint of an unknown command.
  static let commands = [
    "profile", "vm", "pool", "gmem", "bind", "unbind", "mmap", "munmap", "close", "allocate",
    "punch", "share", "private", "host", "guest", "pin", "unpin", "dontneed", "remove", "expect",
    "say", "pause", "step",
  ]

  /// What `expect` can check, for messages.
  static let expectations = "ok, ERRNO, SIGBUS, SIGSEGV, MEMORY_FAULT, MMIO, value, page, folio, count"

  /// The statement of `tokens`, which are not empty.
  static func statement(_ tokens: [Token]) throws(SyntaxError) -> Statement {
    let head = tokens[0]
    guard head.kind == .word else {
      throw SyntaxError(column: head.column, message: "expected a command, got a string")
    }
    let rest = tokens[1...]
    func arguments(_ options: [String]?) throws(SyntaxError) -> Arguments {
      try Arguments(rest, command: head.value, after: head, options: options)
    }
    // A switch on strings compares case by case: the commonest line of a long script comes first.
    switch head.value {
    case "share", "private":
      let a = try arguments(["content"])
      let range = try a.range(a.require(["RANGE"])[0])
      let content = try a.choice(option: "content", [ContentMode.zero, .preserve], "content mode")
      return .command(
        .convert(range, to: head.value == "share" ? .shared : .private, content: content))
    case "profile":
      let a = try arguments([])
      return .command(.profile(try a.choice(a.require(["NAME"])[0], Profile.allCases, "profile")))
    case "vm":
      let a = try arguments([])
      return .command(.vm(try a.choice(a.require(["TYPE"])[0], VMType.allCases, "VM type")))
    case "pool":
      return .command(.pool(try pool(arguments(nil))))
    case "gmem":
      return .command(.gmem(try gmem(arguments(["hugetlb", "flags"]))))
    case "bind":
      let a = try arguments(["gpa", "offset", "size", "slot"])
      _ = try a.require([])
      let spec = BindSpec(
        gpa: try a.number(option: "gpa"), offset: try a.number(option: "offset"),
        size: try a.number(option: "size"), slot: try a.int(option: "slot", minimum: 0))
      return .command(.bind(spec))
    case "unbind":
      let a = try arguments(["slot"])
      _ = try a.require([])
      return .command(.unbind(slot: try a.int(option: "slot", minimum: 0)))
    case "mmap", "munmap":
      let a = try arguments(["process"])
      _ = try a.require([])
      let process = try a.int(option: "process", minimum: 1)
      return .command(head.value == "mmap" ? .mmap(process: process) : .munmap(process: process))
    case "close":
      _ = try arguments([]).require([])
      return .command(.close)
    case "allocate", "punch", "pin", "unpin":
      let a = try arguments([])
      let range = try a.range(a.require(["RANGE"])[0])
      switch head.value {
      case "allocate": return .command(.allocate(range))
      case "punch": return .command(.punch(range))
      case "pin": return .command(.pin(range))
      default: return .command(.unpin(range))
      }
    case "dontneed", "remove":
      let a = try arguments(["process"])
      let range = try a.range(a.require(["RANGE"])[0])
      let process = try a.int(option: "process", minimum: 1)
      return .command(
        head.value == "dontneed"
          ? .dontneed(range, process: process) : .remove(range, process: process))
    case "host", "guest":
      return .command(try access(tokens))
    case "expect":
      return .expect(try expectation(tokens))
    case "say":
      let a = try arguments([])
      let text = try a.require(["\"TEXT\""])[0]
      guard text.kind == .string else {
        throw SyntaxError(
          column: text.column, message: "expected \"TEXT\" in quotes for 'say', got '\(text.value)'"
        )
      }
      return .say(text.value)
    case "pause":
      let a = try arguments([])
      let duration = try a.require(["DURATION"])[0]
      return .pause(
        milliseconds: try NumberParser.milliseconds(
          a.word(duration, "DURATION"), column: duration.column))
    case "step":
      _ = try arguments([]).require([])
      return .step
    default:
      let hint = commands.contains(head.value.lowercased()) ? " (commands are lower case)" : ""
      throw SyntaxError(column: head.column, message: "unknown command '\(head.value)'\(hint)")
    }
  }

  /// `pool SIZE=N ...`.
  private static func pool(_ a: Arguments) throws(SyntaxError) -> [PoolSetting] {
    var settings: [PoolSetting] = []
    for token in try a.require(["SIZE=N"], more: true) {
      let (size, count, countColumn) = try pair(token, "SIZE=N", in: a)
      let backing = try hugePageSize(
        size, column: token.column, [.huge2M, .huge1G], "pool size", in: a)
      guard !settings.contains(where: { $0.backing == backing }) else {
        throw SyntaxError(
          column: token.column, message: "pool size \(backing.rawValue) given twice for 'pool'")
      }
      settings.append(
        PoolSetting(backing: backing, count: try NumberParser.int(count, column: countColumn)))
    }
    return settings
  }

  /// `gmem SIZE [hugetlb=4K|2M|1G] [flags=F,...]`.
  private static func gmem(_ a: Arguments) throws(SyntaxError) -> GmemSpec {
    var spec = GmemSpec(size: try a.number(a.require(["SIZE"])[0], "SIZE"))
    if let hugetlb = a.option("hugetlb") {
      spec.hugetlb = try hugePageSize(
        hugetlb.value, column: hugetlb.valueColumn, Backing.allCases, "page size", in: a)
    }
    if let flags = a.option("flags") {
      var column = flags.valueColumn
      for item in flags.value.split(separator: ",", omittingEmptySubsequences: false) {
        defer { column += item.count + 1 }
        if item.first.map({ $0.isASCII && $0.isNumber }) == true {
          spec.rawFlags = (spec.rawFlags ?? 0) | (try NumberParser.number(item, column: column))
        } else if let name = GmemFlagName(rawValue: String(item)) {
          guard !spec.flagNames.contains(name) else {
            throw SyntaxError(column: column, message: "flag '\(item)' given twice for 'gmem'")
          }
          spec.flagNames.append(name)
        } else {
          let names = GmemFlagName.allCases.map(\.rawValue).joined(separator: ", ")
          let message =
            item.isEmpty
            ? "missing flag in flags= for 'gmem'"
            : "unknown flag '\(item)' for 'gmem' (expected \(names) or a number)"
          throw SyntaxError(column: column, message: message)
        }
      }
    }
    return spec
  }

  /// `host read|write ...` and `guest read|write ...`.
  private static func access(_ tokens: [Token]) throws(SyntaxError) -> Command {
    let head = tokens[0]
    guard tokens.count > 1 else {
      throw SyntaxError(
        column: head.endColumn, message: "missing 'read' or 'write' after '\(head.value)'")
    }
    let verb = tokens[1]
    guard verb.kind == .word else {
      throw SyntaxError(
        column: verb.column,
        message: "expected 'read' or 'write' after '\(head.value)', got a string")
    }
    guard verb.value == "read" || verb.value == "write" else {
      throw SyntaxError(
        column: verb.column,
        message:
          "unknown command '\(head.value) \(verb.value)' (expected '\(head.value) read' or '\(head.value) write')"
      )
    }
    let host = head.value == "host"
    let write = verb.value == "write"
    let a = try Arguments(
      tokens[2...], command: "\(head.value) \(verb.value)", after: verb,
      options: host ? ["process"] : ["as"])
    let positionals = try a.require(write ? ["RANGE", "BYTE"] : ["RANGE"])
    let range = try a.range(positionals[0])
    let byte = write ? try a.byte(positionals[1]) : 0
    if host {
      let process = try a.int(option: "process", minimum: 1)
      return write
        ? .hostWrite(range, byte: byte, process: process) : .hostRead(range, process: process)
    }
    let kind = try a.choice(option: "as", [AccessKind.private, .shared], "access kind")
    return write ? .guestWrite(range, byte: byte, access: kind) : .guestRead(range, access: kind)
  }

  /// `expect ...`.
  private static func expectation(_ tokens: [Token]) throws(SyntaxError) -> Expectation {
    let head = tokens[0]
    guard tokens.count > 1 else {
      throw SyntaxError(
        column: head.endColumn, message: "missing what to expect after 'expect' (\(expectations))")
    }
    let what = tokens[1]
    guard what.kind == .word else {
      throw SyntaxError(
        column: what.column, message: "expected what to expect after 'expect', got a string")
    }
    let command = "expect \(what.value)"
    let rest = tokens[2...]
    switch what.value {
    case "ok":
      _ = try Arguments(rest, command: command, after: what, options: []).require([])
      return .ok
    case "value":
      let a = try Arguments(rest, command: command, after: what, options: [])
      return .value(try a.byte(a.require(["BYTE"])[0]))
    case "page":
      let a = try Arguments(rest, command: command, after: what, options: nil)
      let positionals = try a.require(["RANGE", "WORD"], more: true)
      var words: [StateWord] = []
      for token in positionals.dropFirst() {
        let word = try a.word(token, "WORD")
        guard let state = StateWord(word: String(word)) else {
          let all = StateWord.all.map(\.description).joined(separator: ", ")
          throw SyntaxError(
            column: token.column,
            message: "unknown state word '\(word)' for 'expect page' (expected \(all))")
        }
        words.append(state)
      }
      return .page(try a.range(positionals[0]), words)
    case "folio":
      let a = try Arguments(rest, command: command, after: what, options: [])
      let positionals = try a.require(["OFF", "'whole' or 'split'"])
      let offset = try a.number(positionals[0], "OFF")
      let shape = try a.word(positionals[1], "'whole' or 'split'")
      guard shape == "whole" || shape == "split" else {
        throw SyntaxError(
          column: positionals[1].column,
          message: "expected 'whole' or 'split' for 'expect folio', got '\(shape)'")
      }
      return .folio(offset, whole: shape == "whole")
    case "count":
      let a = try Arguments(rest, command: command, after: what, options: nil)
      var counters: [CounterExpectation] = []
      for token in try a.require(["NAME=N"], more: true) {
        let (name, value, valueColumn) = try pair(token, "NAME=N", in: a)
        let counter = try a.choice(name, column: token.column, CounterName.allCases, "counter")
        guard !counters.contains(where: { $0.name == counter }) else {
          throw SyntaxError(
            column: token.column, message: "counter '\(name)' given twice for 'expect count'")
        }
        counters.append(
          CounterExpectation(
            name: counter, value: try NumberParser.number(value, column: valueColumn)))
      }
      return .count(counters)
    default:
      return try failure(what, rest)
    }
  }

  /// `expect ERRNO [at OFF]`, `expect SIGBUS|SIGSEGV [at OFF]`, `expect MEMORY_FAULT|MMIO [at OFF]`.
  private static func failure(_ what: Token, _ rest: ArraySlice<Token>) throws(SyntaxError)
    -> Expectation
  {
    let name = what.value
    guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first),
      name.unicodeScalars.allSatisfy({
        ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
      })
    else {
      throw SyntaxError(
        column: what.column, message: "unknown expectation '\(name)' (expected \(expectations))")
    }
    let expectation: (UInt64?) -> Expectation
    if let errno = Errno(rawValue: name) {
      expectation = { .errno(errno, at: $0) }
    } else if let signal = Signal(rawValue: name) {
      expectation = { .signal(signal, at: $0) }
    } else if let reason = VMExit.Reason(rawValue: name) {
      expectation = { .exit(reason, at: $0) }
    } else {
      throw SyntaxError(column: what.column, message: "unknown errno '\(name)'")
    }
    let command = "expect \(name)"
    let a = try Arguments(rest, command: command, after: what, options: [])
    let positionals = try a.require([], more: true)
    var at: UInt64?
    if let keyword = positionals.first {
      guard keyword.kind == .word, keyword.value == "at" else {
        throw SyntaxError(
          column: keyword.column,
          message: "expected 'at OFF' after '\(command)', got '\(keyword.value)'")
      }
      guard positionals.count > 1 else {
        throw SyntaxError(
          column: keyword.endColumn, message: "missing OFF after 'at' for '\(command)'")
      }
      guard positionals.count == 2 else {
        throw SyntaxError(
          column: positionals[2].column,
          message: "extra argument '\(positionals[2].value)' for '\(command)'")
      }
      at = try a.number(positionals[1], "OFF")
    }
    return expectation(at)
  }

  /// The two sides of a `LEFT=RIGHT` positional word, and the column of the right side.
  private static func pair(
    _ token: Token, _ what: String, in a: Arguments
  ) throws(SyntaxError) -> (Substring, Substring, Int) {
    let word = try a.word(token, what)
    guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
      throw SyntaxError(
        column: token.column, message: "expected \(what) for '\(a.command)', got '\(word)'")
    }
    let left = word[..<equals]
    let right = word[word.index(after: equals)...]
    let rightColumn = token.column + left.count + 1
    guard !right.isEmpty else {
      throw SyntaxError(
        column: rightColumn, message: "missing value for '\(left)=' of '\(a.command)'")
    }
    return (left, right, rightColumn)
  }

  /// A page size among `allowed`, written as a NUMBER (`2M`, `0x200000`).
  private static func hugePageSize(
    _ text: Substring, column: Int, _ allowed: [Backing], _ what: String, in a: Arguments
  ) throws(SyntaxError) -> Backing {
    let bytes = try? NumberParser.number(text, column: column)
    guard let backing = allowed.first(where: { $0.folioSize == bytes }) else {
      let expected = allowed.map(\.rawValue).joined(separator: ", ")
      throw SyntaxError(
        column: column,
        message: "unknown \(what) '\(text)' for '\(a.command)' (expected \(expected))")
    }
    return backing
  }
}
