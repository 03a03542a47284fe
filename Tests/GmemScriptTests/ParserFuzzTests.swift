import GmemModel
import GmemScript
import Testing

@Suite("Parser fuzz")
struct ParserFuzzTests {
  /// Parses `bytes` as a script and checks what must hold whatever they are: the parser returns lines of the
  /// input whose source and canonical text parse back to the same statement, or an error inside the input;
  /// the bytes and the same text as a `String` give the same result. Returns whether the script parsed.
  @discardableResult
  private func check(_ bytes: [UInt8]) -> Bool {
    let lineLengths = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(\.count)
    let result = Result { () throws(ScriptError) in try Parser.parse(bytes, file: "fuzz.gmem") }
    let text = String(decoding: bytes, as: UTF8.self)
    if Array(text.utf8) == bytes {
      let fromText = Result { () throws(ScriptError) in try Parser.parse(text, file: "fuzz.gmem") }
      #expect(fromText == result, "bytes \(bytes)")
    }
    switch result {
    case .success(let lines):
      #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.number < $1.number })
      for line in lines {
        #expect((1...lineLengths.count).contains(line.number))
        let again = Result { () throws(ScriptError) in try Parser.parseLine(line.source) }
        #expect(again == .success(line.statement), "source \(line.source)")
        let canonical = Result { () throws(ScriptError) in try Parser.parseLine(line.statement.text)
        }
        #expect(canonical == .success(line.statement), "text \(line.statement.text)")
      }
      return true
    case .failure(let error):
      #expect(error.file == "fuzz.gmem")
      #expect(!error.message.isEmpty)
      guard (1...lineLengths.count).contains(error.line) else {
        Issue.record("error line \(error.line) outside the input: \(error) for \(bytes)")
        return false
      }
      // A column counts characters, never more than the line's bytes; one past the end is a missing argument.
      #expect(
        (1...lineLengths[error.line - 1] + 1).contains(error.column), "\(error) for \(bytes)")
      return false
    }
  }

  // MARK: Random bytes

  /// ASCII the language gives a meaning to, so random bytes hit the lexer's paths often.
  static let punctuation = Array(" \t\n\r\"\\#=+.,_0xKMGms".utf8)
  /// Lead, trail and never-valid bytes of UTF-8.
  static let highBytes: [UInt8] = [
    0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
  ]
  /// Well-formed multi-byte characters, including a combining mark and a byte order mark.
  static let multiByte = ["\u{E9}", "\u{301}", "\u{1F389}", "\u{FEFF}", "\u{85}", "\u{FF14}"].map {
    Array($0.utf8)
  }

  private func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
    var bytes: [UInt8] = []
    let count = Int.random(in: 0...120, using: &rng)
    while bytes.count < count {
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<40: bytes.append(Self.punctuation.randomElement(using: &rng)!)
      case 40..<60: bytes.append(UInt8.random(in: 0x20...0x7E, using: &rng))
      case 60..<75: bytes.append(UInt8.random(in: 0...255, using: &rng))
      case 75..<85: bytes.append(Self.highBytes.randomElement(using: &rng)!)
      case 85..<90: bytes.append(0)
      case 90..<95: bytes += Self.multiByte.randomElement(using: &rng)!
      default: bytes += Array(Self.vocabulary.randomElement(using: &rng)!.utf8)
      }
    }
    return bytes
  }

  @Test("random bytes never crash the parser and errors lie inside the input")
  func randomBytes() {
    var rng = SplitMix64(seed: 0x676D_656D_6664)
    for _ in 0..<4000 { check(randomBytes(&rng)) }
  }

  // MARK: Token soups

  /// Words of the language: commands, keywords, numbers, ranges, options, strings and punctuation.
  static let vocabulary: [String] = [
    "profile", "vm", "pool", "gmem", "bind", "unbind", "mmap", "munmap", "close", "allocate",
    "punch", "share",
    "private", "host", "guest", "read", "write", "pin", "unpin", "dontneed", "remove", "expect",
    "say", "pause",
    "step", "ok", "value", "page", "folio", "count", "at", "whole", "split", "EINVAL", "EAGAIN",
    "ENOMEM",
    "EFOO", "SIGBUS", "SIGSEGV", "MEMORY_FAULT", "rfc1", "rfc2", "inplace", "upstream", "default",
    "sw-protected", "sev", "snp", "tdx", "shared", "faultable", "unfaultable", "allocated", "hole",
    "mapped",
    "pinned", "spte", "no-spte", "spte=2M", "spte=5M", "orphan", "0", "4096", "0x1000", "4K", "2m",
    "1G", "1T",
    "0x4000_0000", "1__0", "18446744073709551615", "18446744073709551616", "0x", "K", "255", "256",
    "0+4K",
    "0x1000..0x3000", "8K..4K", "0x1000+", "..0x10", "+", "..", "...", "500ms", "2s", "5", "ms",
    "process=2",
    "process=0", "slot=1", "gpa=4G", "offset=0", "size=1G", "content=zero", "content=preserve",
    "as=private",
    "as=shared", "hugetlb=2M", "hugetlb=8K", "flags=mmap,init-shared", "flags=0x3", "flags=",
    "flags=mmap,,",
    "1G=4", "2M=0", "4K=1", "pages=3", "pool-free=1", "foo=1", "=", ",", "\"hi\"", "\"a \\\" b\"",
    "\"bad \\n\"", "\"unterminated", "\"", "\\", "#", "# comment", "\u{E9}", "Allocate", "x",
  ]
  /// Line starts that are whole command words.
  static let starts: [String] = [
    "profile", "vm", "pool", "gmem", "bind", "unbind", "mmap", "munmap", "close", "allocate",
    "punch", "share",
    "private", "host read", "host write", "guest read", "guest write", "pin", "unpin", "dontneed",
    "remove",
    "expect", "expect ok", "expect EINVAL", "expect SIGBUS", "expect value", "expect page",
    "expect folio",
    "expect count", "say", "pause", "step",
  ]
  static let separators = [" ", " ", " ", "\t", "  ", " \t ", ""]

  private func randomSoup(_ rng: inout SplitMix64) -> String {
    var script = ""
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      var line = Bool.random(using: &rng) ? "" : Self.separators.randomElement(using: &rng)!
      let useStart = Int.random(in: 0..<4, using: &rng) < 3
      line +=
        useStart
        ? Self.starts.randomElement(using: &rng)! : Self.vocabulary.randomElement(using: &rng)!
      for _ in 0..<Int.random(in: 0...3, using: &rng) {
        line +=
          Self.separators.randomElement(using: &rng)! + Self.vocabulary.randomElement(using: &rng)!
      }
      if Int.random(in: 0..<5, using: &rng) == 0 { line += " # a comment \"" }
      script += line + (Bool.random(using: &rng) ? "\n" : "\r\n")
    }
    return script
  }

  @Test("token soups of the language's own words parse or fail inside the input")
  func tokenSoups() {
    var rng = SplitMix64(seed: 0x736F_7570)
    var parsed = 0
    let cases = 4000
    for _ in 0..<cases where check(Array(randomSoup(&rng).utf8)) { parsed += 1 }
    // Both outcomes are exercised.
    #expect(parsed > cases / 50)
    #expect(parsed < cases - cases / 50)
  }

  // MARK: Round trip

  private func number(_ rng: inout SplitMix64) -> UInt64 {
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: 0
    case 1: [4096, 2 << 20, 1 << 30, 4 << 30].randomElement(using: &rng)!
    case 2: UInt64.random(in: 0..<1 << 20, using: &rng) << 12
    case 3: .max
    default: UInt64.random(in: 0...UInt64.max, using: &rng)
    }
  }

  private func range(_ rng: inout SplitMix64) -> FileRange {
    FileRange(offset: number(&rng), length: number(&rng))
  }

  private func small(_ rng: inout SplitMix64, from minimum: Int) -> Int {
    Bool.random(using: &rng)
      ? Int.random(in: minimum...8, using: &rng) : Int.random(in: minimum...Int.max, using: &rng)
  }

  private func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
    Bool.random(using: &rng) ? make(&rng) : nil
  }

  private func someOf<T>(_ all: [T], _ rng: inout SplitMix64) -> [T] {
    Array(all.shuffled(using: &rng).prefix(Int.random(in: 1...all.count, using: &rng)))
  }

  /// Caption characters: quotes, backslashes, `#`, blanks and non-ASCII, but no control character but tab.
  static let captionCharacters: [Character] = [
    "a", "Z", " ", "\t", "\"", "\\", "#", "=", "\u{E9}", "\u{301}", "\u{1F389}", "\u{FEFF}",
    "\u{200D}", "'",
  ]

  private func command(_ rng: inout SplitMix64) -> Command {
    let process = { (rng: inout SplitMix64) in small(&rng, from: 1) }
    switch Int.random(in: 0..<20, using: &rng) {
    case 0: return .profile(Profile.allCases.randomElement(using: &rng)!)
    case 1: return .vm(VMType.allCases.randomElement(using: &rng)!)
    case 2:
      return .pool(
        someOf([Backing.huge2M, .huge1G], &rng).map {
          PoolSetting(backing: $0, count: small(&rng, from: 0))
        })
    case 3:
      return .gmem(
        GmemSpec(
          size: number(&rng), hugetlb: Backing.allCases.randomElement(using: &rng),
          flagNames: Bool.random(using: &rng) ? [] : someOf(GmemFlagName.allCases, &rng),
          rawFlags: maybe(&rng) { number(&$0) }))
    case 4:
      return .bind(
        BindSpec(
          gpa: maybe(&rng) { number(&$0) }, offset: maybe(&rng) { number(&$0) },
          size: maybe(&rng) { number(&$0) }, slot: maybe(&rng) { small(&$0, from: 0) }))
    case 5: return .unbind(slot: maybe(&rng) { small(&$0, from: 0) })
    case 6: return .mmap(process: maybe(&rng, process))
    case 7: return .munmap(process: maybe(&rng, process))
    case 8: return .close
    case 9: return .allocate(range(&rng))
    case 10: return .punch(range(&rng))
    case 11:
      return .convert(
        range(&rng), to: Bool.random(using: &rng) ? .shared : .private,
        content: [ContentMode.zero, .preserve, nil].randomElement(using: &rng)!)
    case 12: return .hostRead(range(&rng), process: maybe(&rng, process))
    case 13:
      return .hostWrite(
        range(&rng), byte: .random(in: 0...255, using: &rng), process: maybe(&rng, process))
    case 14:
      return .guestRead(
        range(&rng), access: [AccessKind.private, .shared, nil].randomElement(using: &rng)!)
    case 15:
      return .guestWrite(
        range(&rng), byte: .random(in: 0...255, using: &rng),
        access: [AccessKind.private, .shared, nil].randomElement(using: &rng)!)
    case 16: return .pin(range(&rng))
    case 17: return .unpin(range(&rng))
    case 18: return .dontneed(range(&rng), process: maybe(&rng, process))
    default: return .remove(range(&rng), process: maybe(&rng, process))
    }
  }

  private func expectation(_ rng: inout SplitMix64) -> GmemScript.Expectation {
    let at = maybe(&rng) { number(&$0) }
    switch Int.random(in: 0..<8, using: &rng) {
    case 0: return .ok
    case 1: return .errno(Errno.allCases.randomElement(using: &rng)!, at: at)
    case 2: return .signal(Bool.random(using: &rng) ? .SIGBUS : .SIGSEGV, at: at)
    case 3: return .exit(Bool.random(using: &rng) ? .memoryFault : .mmio, at: at)
    case 4: return .value(.random(in: 0...255, using: &rng))
    case 5:
      let words = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
        StateWord.all.randomElement(using: &rng)!
      }
      return .page(range(&rng), words)
    case 6: return .folio(number(&rng), whole: Bool.random(using: &rng))
    default:
      return .count(
        someOf(CounterName.allCases, &rng).map { CounterExpectation(name: $0, value: number(&rng)) }
      )
    }
  }

  private func statement(_ rng: inout SplitMix64) -> Statement {
    switch Int.random(in: 0..<10, using: &rng) {
    case 0..<5: return .command(command(&rng))
    case 5..<8: return .expect(expectation(&rng))
    case 8:
      let length = Int.random(in: 0...12, using: &rng)
      return .say(
        String((0..<length).map { _ in Self.captionCharacters.randomElement(using: &rng)! }))
    default:
      // Any DURATION the language takes: up to a day.
      let ms = [0, 500, 1000, 2000, number(&rng) % 86_400_001, 86_400_000].randomElement(using: &rng)!
      return Bool.random(using: &rng) ? .pause(milliseconds: ms) : .step
    }
  }

  @Test("random statements print to text that parses back to them")
  func roundTrip() throws {
    var rng = SplitMix64(seed: 0x7472_6970)
    for _ in 0..<4000 {
      let statement = statement(&rng)
      let text = statement.text
      #expect(try Parser.parseLine(text) == statement, "\(text)")
      #expect(try Parser.parse(text, file: "t").map(\.source) == [text])
    }
  }

  @Test("random huge pause durations: at most a day parses and prints back, more is an error at the number")
  func pauseDurations() throws {
    var rng = SplitMix64(seed: 0x7061_7573)
    let day: UInt64 = 86_400_000
    for _ in 0..<4000 {
      let value: UInt64 =
        switch rng.next() % 4 {
        case 0: rng.next()
        case 1: UInt64.max - rng.next() % 1000
        case 2: day - 2 + rng.next() % 4
        default: rng.next() % (day + 1)
        }
      let inSeconds = rng.next() % 2 == 0
      let number = rng.next() % 2 == 0 ? "0x" + String(value, radix: 16) : String(value)
      let text = "pause \(number)\(inSeconds ? "s" : "ms")"
      let (milliseconds, overflow) = value.multipliedReportingOverflow(by: inSeconds ? 1000 : 1)
      do {
        let statement = try Parser.parseLine(text)
        #expect(!overflow && milliseconds <= day && statement == .pause(milliseconds: milliseconds), "\(text)")
        #expect(try Parser.parseLine(statement?.text ?? "") == statement)
      } catch {
        #expect(overflow || milliseconds > day, "\(text): \(error.message)")
        #expect(error.column == 7)
        #expect(error.message.hasPrefix("duration too long '"), "\(text): \(error.message)")
      }
    }
  }

  @Test func canonicalTextExamples() {
    #expect(
      Statement.command(.allocate(FileRange(offset: 0, length: 1 << 30))).text
        == "allocate 0x0+0x40000000")
    #expect(
      Statement.command(.convert(.page(0x1000), to: .shared, content: .preserve)).text
        == "share 0x1000+0x1000 content=preserve")
    #expect(Statement.expect(.errno(.EINVAL, at: 0x1000)).text == "expect EINVAL at 0x1000")
    #expect(Statement.say("a \"quoted\" caption").text == #"say "a \"quoted\" caption""#)
    #expect(
      Statement.command(.hostWrite(.page(0), byte: 0xa, process: 2)).text
        == "host write 0x0+0x1000 0x0a process=2")
    #expect(
      Statement.command(
        .gmem(GmemSpec(size: 1 << 30, hugetlb: .huge2M, flagNames: [.mmap], rawFlags: 8))
      ).text
        == "gmem 0x40000000 hugetlb=2M flags=mmap,0x8")
    #expect(
      Statement.command(.bind(BindSpec(gpa: 4 << 30, slot: 2))).text
        == "bind gpa=0x100000000 slot=2")
    #expect(Statement.command(.pool([PoolSetting(backing: .huge1G, count: 4)])).text == "pool 1G=4")
    #expect(
      Statement.expect(.page(.page(0), [.shared, .spteLevel(.pmd2M)])).text
        == "expect page 0x0+0x1000 shared spte=2M")
    #expect(Statement.expect(.folio(0, whole: false)).text == "expect folio 0x0 split")
    #expect(
      Statement.expect(.count([CounterExpectation(name: .poolFree, value: 3)])).text
        == "expect count pool-free=3")
    #expect(Statement.expect(.exit(.memoryFault, at: nil)).text == "expect MEMORY_FAULT")
    #expect(Statement.expect(.exit(.mmio, at: 0x1000)).text == "expect MMIO at 0x1000")
    #expect(Statement.expect(.value(255)).text == "expect value 0xff")
    #expect(Statement.pause(milliseconds: 2000).text == "pause 2s")
    #expect(Statement.pause(milliseconds: 1500).text == "pause 1500ms")
    #expect(Statement.pause(milliseconds: 0).text == "pause 0ms")
    #expect(Statement.step.text == "step")
    // A quote followed by a combining mark is still a quote to the lexer, so it is escaped.
    #expect(Statement.say("\"\u{301}").text == "say \"\\\"\u{301}\"")
    #expect(
      Statement.command(.guestRead(.page(0), access: .private)).text
        == "guest read 0x0+0x1000 as=private")
  }
}
