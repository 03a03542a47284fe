import GmemModel
import GmemScript
import Testing

/// The statement of one line, or the error it gives.
private func parsed(_ text: String) -> Result<Statement?, ScriptError> {
  Result { () throws(ScriptError) in try Parser.parseLine(text) }
}

/// The error of a whole script given as bytes, if any.
private func scriptError(_ bytes: [UInt8], file: String = "t.gmem") -> ScriptError? {
  do {
    _ = try Parser.parse(bytes, file: file)
    return nil
  } catch {
    return error
  }
}

@Suite("Parser")
struct ParserTests {
  // MARK: Commands

  static let commands: [(String, Command)] = [
    ("profile rfc1", .profile(.rfc1)),
    ("profile rfc2", .profile(.rfc2)),
    ("profile inplace", .profile(.inplace)),
    ("profile upstream", .profile(.upstream)),
    ("vm default", .vm(.default)),
    ("vm sw-protected", .vm(.swProtected)),
    ("vm sev", .vm(.sev)),
    ("vm sev-es", .vm(.sevES)),
    ("vm snp", .vm(.snp)),
    ("vm tdx", .vm(.tdx)),
    ("pool 1G=4", .pool([PoolSetting(backing: .huge1G, count: 4)])),
    (
      "pool 1G=4 2M=0",
      .pool([PoolSetting(backing: .huge1G, count: 4), PoolSetting(backing: .huge2M, count: 0)])
    ),
    (
      "pool 2m=0x10 0x40000000=3",
      .pool([PoolSetting(backing: .huge2M, count: 16), PoolSetting(backing: .huge1G, count: 3)])
    ),
    ("gmem 1G", .gmem(GmemSpec(size: 1 << 30))),
    ("gmem 4G hugetlb=2M", .gmem(GmemSpec(size: 4 << 30, hugetlb: .huge2M))),
    ("gmem 2M hugetlb=4K", .gmem(GmemSpec(size: 2 << 20, hugetlb: .base4K))),
    ("gmem 2M hugetlb=4k", .gmem(GmemSpec(size: 2 << 20, hugetlb: .base4K))),
    ("gmem 1G hugetlb=1g", .gmem(GmemSpec(size: 1 << 30, hugetlb: .huge1G))),
    ("gmem 1G hugetlb=0x200000", .gmem(GmemSpec(size: 1 << 30, hugetlb: .huge2M))),
    ("gmem 1G flags=mmap", .gmem(GmemSpec(size: 1 << 30, flagNames: [.mmap]))),
    (
      "gmem 1G flags=mmap,init-shared",
      .gmem(GmemSpec(size: 1 << 30, flagNames: [.mmap, .initShared]))
    ),
    (
      "gmem 1G flags=support-shared,init-private",
      .gmem(GmemSpec(size: 1 << 30, flagNames: [.supportShared, .initPrivate]))
    ),
    ("gmem 1G flags=0x3", .gmem(GmemSpec(size: 1 << 30, rawFlags: 3))),
    ("gmem 1G flags=0", .gmem(GmemSpec(size: 1 << 30, rawFlags: 0))),
    (
      "gmem 1G flags=init-shared,0x1,0x8,mmap hugetlb=2M",
      .gmem(
        GmemSpec(size: 1 << 30, hugetlb: .huge2M, flagNames: [.initShared, .mmap], rawFlags: 9))
    ),
    ("bind", .bind(BindSpec())),
    (
      "bind gpa=4G offset=0 size=1G slot=1",
      .bind(BindSpec(gpa: 4 << 30, offset: 0, size: 1 << 30, slot: 1))
    ),
    ("bind slot=0 gpa=0x1_0000_0000", .bind(BindSpec(gpa: 1 << 32, slot: 0))),
    ("bind size=2M", .bind(BindSpec(size: 2 << 20))),
    ("bind offset=0x200000", .bind(BindSpec(offset: 2 << 20))),
    ("unbind", .unbind(slot: nil)),
    ("unbind slot=2", .unbind(slot: 2)),
    ("mmap", .mmap(process: nil)),
    ("mmap process=2", .mmap(process: 2)),
    ("munmap", .munmap(process: nil)),
    ("munmap process=1", .munmap(process: 1)),
    ("close", .close),
    ("allocate 0+1G", .allocate(FileRange(offset: 0, length: 1 << 30))),
    ("punch 0x1000", .punch(.page(0x1000))),
    ("share 0x1000+0x1000", .convert(.page(0x1000), to: .shared, content: nil)),
    (
      "share 0..2M content=zero",
      .convert(FileRange(offset: 0, length: 2 << 20), to: .shared, content: .zero)
    ),
    ("private 4K content=preserve", .convert(.page(4096), to: .private, content: .preserve)),
    ("private 0+2M", .convert(FileRange(offset: 0, length: 2 << 20), to: .private, content: nil)),
    ("host read 0", .hostRead(.page(0), process: nil)),
    ("host read 0+8K process=2", .hostRead(FileRange(offset: 0, length: 8192), process: 2)),
    ("host write 0 0xaa", .hostWrite(.page(0), byte: 0xaa, process: nil)),
    (
      "host write 0+2M 255 process=3",
      .hostWrite(FileRange(offset: 0, length: 2 << 20), byte: 255, process: 3)
    ),
    ("guest read 0x1000", .guestRead(.page(0x1000), access: nil)),
    ("guest read 0 as=private", .guestRead(.page(0), access: .private)),
    ("guest write 0 1 as=shared", .guestWrite(.page(0), byte: 1, access: .shared)),
    ("guest write 0 0", .guestWrite(.page(0), byte: 0, access: nil)),
    ("pin 0+2M", .pin(FileRange(offset: 0, length: 2 << 20))),
    ("unpin 0+2M", .unpin(FileRange(offset: 0, length: 2 << 20))),
    ("dontneed 0", .dontneed(.page(0), process: nil)),
    ("dontneed 0 process=2", .dontneed(.page(0), process: 2)),
    ("remove 4K..12K", .remove(FileRange(offset: 4096, length: 8192), process: nil)),
    ("remove 0 process=1", .remove(.page(0), process: 1)),
  ]

  @Test("every command form", arguments: commands)
  func command(_ text: String, _ expected: Command) throws {
    #expect(try Parser.parseLine(text) == .command(expected))
  }

  // MARK: Expectations and presentation

  static let others: [(String, Statement)] = [
    ("expect ok", .expect(.ok)),
    ("expect EINVAL", .expect(.errno(.EINVAL, at: nil))),
    ("expect EAGAIN at 0x1000", .expect(.errno(.EAGAIN, at: 0x1000))),
    ("expect EHWPOISON at 2M", .expect(.errno(.EHWPOISON, at: 2 << 20))),
    ("expect SIGBUS", .expect(.signal(.SIGBUS, at: nil))),
    ("expect SIGBUS at 0", .expect(.signal(.SIGBUS, at: 0))),
    ("expect SIGSEGV at 4K", .expect(.signal(.SIGSEGV, at: 4096))),
    ("expect MEMORY_FAULT", .expect(.exit(.memoryFault, at: nil))),
    ("expect MEMORY_FAULT at 0x2000", .expect(.exit(.memoryFault, at: 0x2000))),
    ("expect MMIO", .expect(.exit(.mmio, at: nil))),
    ("expect MMIO at 0x3000", .expect(.exit(.mmio, at: 0x3000))),
    ("expect value 0xaa", .expect(.value(0xaa))),
    ("expect value 0", .expect(.value(0))),
    ("expect page 0 shared", .expect(.page(.page(0), [.shared]))),
    (
      "expect page 0+2M private unfaultable allocated no-spte spte=2M",
      .expect(
        .page(
          FileRange(offset: 0, length: 2 << 20),
          [.private, .unfaultable, .allocated, .noSPTE, .spteLevel(.pmd2M)]))
    ),
    (
      "expect page 0..4K faultable hole mapped unmapped pinned unpinned spte spte=4k spte=1G orphan",
      .expect(
        .page(
          .page(0),
          [
            .faultable, .hole, .mapped, .unmapped, .pinned, .unpinned, .spte, .spteLevel(.pte4K),
            .spteLevel(.pud1G), .orphan,
          ]))
    ),
    ("expect folio 0 whole", .expect(.folio(0, whole: true))),
    ("expect folio 1G split", .expect(.folio(1 << 30, whole: false))),
    ("expect count pages=1", .expect(.count([CounterExpectation(name: .pages, value: 1)]))),
    (
      "expect count allocated=262144 shared=0 private=1K faultable=0 mapped=0 pinned=0 spte=0",
      .expect(
        .count([
          CounterExpectation(name: .allocated, value: 262144),
          CounterExpectation(name: .shared, value: 0),
          CounterExpectation(name: .private, value: 1024),
          CounterExpectation(name: .faultable, value: 0),
          CounterExpectation(name: .mapped, value: 0), CounterExpectation(name: .pinned, value: 0),
          CounterExpectation(name: .spte, value: 0),
        ]))
    ),
    (
      "expect count whole-folios=1 split-folios=0 pool-free=3 pool-resv=0x1",
      .expect(
        .count([
          CounterExpectation(name: .wholeFolios, value: 1),
          CounterExpectation(name: .splitFolios, value: 0),
          CounterExpectation(name: .poolFree, value: 3),
          CounterExpectation(name: .poolResv, value: 1),
        ]))
    ),
    ("say \"hello\"", .say("hello")),
    ("say \"\"", .say("")),
    ("say \"a \\\"quoted\\\" caption\"", .say("a \"quoted\" caption")),
    ("say \"back\\\\slash\"", .say("back\\slash")),
    ("say \"not # a comment\"", .say("not # a comment")),
    ("say \"tab\there\"", .say("tab\there")),
    ("say \"h\u{E9}llo w\u{F6}rld \u{1F389}\"", .say("h\u{E9}llo w\u{F6}rld \u{1F389}")),
    ("say \"\u{301}accent\"", .say("\u{301}accent")),
    ("say \"x\"# comment", .say("x")),
    ("pause 500ms", .pause(milliseconds: 500)),
    ("pause 2s", .pause(milliseconds: 2000)),
    ("pause 0ms", .pause(milliseconds: 0)),
    ("pause 0s", .pause(milliseconds: 0)),
    ("pause 1_500ms", .pause(milliseconds: 1500)),
    ("pause 0x10ms", .pause(milliseconds: 16)),
    ("pause 1Ks", .pause(milliseconds: 1_024_000)),
    ("pause 86400s", .pause(milliseconds: 86_400_000)),
    ("pause 86400000ms", .pause(milliseconds: 86_400_000)),
    ("step", .step),
  ]

  @Test("every expectation and presentation form", arguments: others)
  func statement(_ text: String, _ expected: Statement) throws {
    #expect(try Parser.parseLine(text) == expected)
  }

  // MARK: Values

  static let numbers: [(String, UInt64)] = [
    ("0", 0),
    ("4096", 4096),
    ("007", 7),
    ("0x1000", 0x1000),
    ("0X1000", 0x1000),
    ("0xaBcD", 0xabcd),
    ("4K", 4096),
    ("4k", 4096),
    ("2M", 2 << 20),
    ("2m", 2 << 20),
    ("1G", 1 << 30),
    ("1g", 1 << 30),
    ("1T", 1 << 40),
    ("1t", 1 << 40),
    ("0x10K", 0x4000),
    ("0x4000_0000", 0x4000_0000),
    ("1_048_576", 1_048_576),
    ("1_0K", 10240),
    ("18446744073709551615", .max),
    ("0xFFFF_FFFF_FFFF_FFFF", .max),
    ("16777215T", 16_777_215 << 40),
  ]

  @Test("NUMBER forms", arguments: numbers)
  func number(_ text: String, _ expected: UInt64) throws {
    #expect(try Parser.parseLine("gmem \(text)") == .command(.gmem(GmemSpec(size: expected))))
    #expect(
      try Parser.parseLine("expect folio \(text) whole") == .expect(.folio(expected, whole: true)))
  }

  static let ranges: [(String, FileRange)] = [
    ("0x1000+0x2000", FileRange(offset: 0x1000, length: 0x2000)),
    ("0x1000..0x3000", FileRange(offset: 0x1000, length: 0x2000)),
    ("0x1000", .page(0x1000)),
    ("0", .page(0)),
    ("4K..4K", FileRange(offset: 4096, length: 0)),
    ("1G+1G", FileRange(offset: 1 << 30, length: 1 << 30)),
    ("0x4000_0000+2M", FileRange(offset: 1 << 30, length: 2 << 20)),
    ("0X10+0XaB", FileRange(offset: 16, length: 0xab)),
    ("1_000+1k", FileRange(offset: 1000, length: 1024)),
    ("0+0", FileRange(offset: 0, length: 0)),
    ("0xffffffffffffffff+0x2", FileRange(offset: .max, length: 2)),
    ("0..18446744073709551615", FileRange(offset: 0, length: .max)),
  ]

  @Test("RANGE forms", arguments: ranges)
  func range(_ text: String, _ expected: FileRange) throws {
    #expect(try Parser.parseLine("punch \(text)") == .command(.punch(expected)))
    #expect(try Parser.parseLine("expect page \(text) hole") == .expect(.page(expected, [.hole])))
  }

  @Test(
    "BYTE forms",
    arguments: [("0", 0), ("255", 255), ("0xff", 255), ("0xAA", 0xaa), ("0x0_1", 1)]
      as [(String, UInt8)])
  func byte(_ text: String, _ expected: UInt8) throws {
    #expect(
      try Parser.parseLine("host write 0 \(text)")
        == .command(.hostWrite(.page(0), byte: expected, process: nil)))
    #expect(try Parser.parseLine("expect value \(text)") == .expect(.value(expected)))
  }

  // MARK: Lines, comments, blanks

  @Test(
    "blank and comment-only lines give no statement",
    arguments: ["", " ", "\t \t", "# comment", "   # x", "#"])
  func blank(_ text: String) throws {
    #expect(try Parser.parseLine(text) == nil)
  }

  @Test func commentsAndBlanksAroundCommands() throws {
    #expect(try Parser.parseLine("allocate 0 # comment") == .command(.allocate(.page(0))))
    #expect(try Parser.parseLine("allocate 0#comment") == .command(.allocate(.page(0))))
    #expect(try Parser.parseLine(" \t allocate\t0  ") == .command(.allocate(.page(0))))
    #expect(try Parser.parseLine("close # \"unterminated in a comment") == .command(.close))
  }

  @Test func scriptLinesKeepNumbersAndSource() throws {
    let script = """
      # a tour
      profile rfc1

        gmem 1G   # one region
      say "a # b"  # caption
      \texpect ok
      """
    let lines = try Parser.parse(script, file: "tour.gmem")
    #expect(
      lines == [
        ScriptLine(number: 2, statement: .command(.profile(.rfc1)), source: "profile rfc1"),
        ScriptLine(
          number: 4, statement: .command(.gmem(GmemSpec(size: 1 << 30))), source: "gmem 1G"),
        ScriptLine(number: 5, statement: .say("a # b"), source: "say \"a # b\""),
        ScriptLine(number: 6, statement: .expect(.ok), source: "expect ok"),
      ])
  }

  @Test func crlfLineEndingsAndByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("step\r\nallocate 0\r\n\r\nclose\r".utf8)
    let lines = try Parser.parse(bytes, file: "dos.gmem")
    #expect(lines.map(\.number) == [1, 2, 4])
    #expect(lines.map(\.source) == ["step", "allocate 0", "close"])
    #expect(lines.map(\.statement) == [.step, .command(.allocate(.page(0))), .command(.close)])
  }

  @Test func emptyScript() throws {
    #expect(try Parser.parse([], file: "empty.gmem") == [])
    #expect(try Parser.parse("\n\n# nothing\n", file: "empty.gmem") == [])
  }

  @Test func stringAndBytesAgree() throws {
    let script = "say \"\u{1F389} ok\"\nexpect ok\n"
    #expect(try Parser.parse(script, file: "f") == Parser.parse(Array(script.utf8), file: "f"))
  }

  // MARK: Lexer

  @Test func lexerTokensAndColumns() throws {
    let tokens = try Lexer.tokens(in: "say \"a\\\"b\"\tx=1 # c")
    #expect(
      tokens == [
        Token(kind: .word, value: "say", column: 1, width: 3),
        Token(kind: .string, value: "a\"b", column: 5, width: 6),
        Token(kind: .word, value: "x=1", column: 12, width: 3),
      ])
    #expect(tokens[2].endColumn == 15)
    #expect(try Lexer.tokens(in: "   # only a comment") == [])
  }

  @Test func lexerColumnsCountCharacters() throws {
    let tokens = try Lexer.tokens(in: "say \"e\u{301}\u{1F389}\" x")
    #expect(tokens.map(\.column) == [1, 5, 10])
    #expect(tokens[1].width == 4)
  }

  @Test func lexerErrorCarriesFileAndLine() {
    #expect(throws: ScriptError(file: "f.gmem", line: 7, column: 5, message: "unterminated string")) {
      try Lexer.tokens(in: "say \"x", file: "f.gmem", line: 7)
    }
  }

  // MARK: Errors

  static let errors: [(String, Int, String)] = [
    ("say \"abc", 5, "unterminated string"),
    ("say \"abc\\", 5, "unterminated string"),
    ("say \"a\\nb\"", 7, #"unknown escape '\n' in string (only \" and \\ are escapes)"#),
    ("say \"a\\tb\"", 7, #"unknown escape '\t' in string (only \" and \\ are escapes)"#),
    ("say \"a\"b", 8, "expected a blank after the string, got 'b'"),
    ("say ab\"c\"", 7, "unexpected '\"' inside a word (a string starts after a blank)"),
    ("allocate \u{7}0", 10, "control character U+0007"),
    ("step # bell \u{7}", 13, "control character U+0007"),
    ("allocate 0\u{0}", 11, "NUL byte"),
    ("step\u{1B}[31m", 5, "control character U+001B"),
    ("step\u{D}", 5, "control character U+000D"),
    ("step\u{A}step", 5, "control character U+000A"),
    ("say \"\u{85}\"", 6, "control character U+0085"),
    ("allocate zz", 10, "invalid number 'zz'"),
    ("allocate 0x", 10, "invalid number '0x'"),
    ("allocate K", 10, "invalid number 'K'"),
    ("allocate 12ab", 10, "invalid number '12ab'"),
    ("allocate 0xfz", 10, "invalid number '0xfz'"),
    ("allocate 4KB", 10, "invalid number '4KB'"),
    ("allocate \u{FF14}", 10, "invalid number '\u{FF14}'"),
    ("allocate 1__0", 10, "invalid number '1__0' ('_' goes between two digits)"),
    ("allocate _1", 10, "invalid number '_1' ('_' goes between two digits)"),
    ("allocate 1_", 10, "invalid number '1_' ('_' goes between two digits)"),
    ("allocate 0x_1", 10, "invalid number '0x_1' ('_' goes between two digits)"),
    ("allocate 1_K", 10, "invalid number '1_K' ('_' goes between two digits)"),
    (
      "allocate 18446744073709551616", 10,
      "number too large '18446744073709551616' (more than 64 bits)"
    ),
    (
      "allocate 0x1_0000_0000_0000_0000", 10,
      "number too large '0x1_0000_0000_0000_0000' (more than 64 bits)"
    ),
    ("allocate 16777216T", 10, "number too large '16777216T' (more than 64 bits)"),
    (
      "unbind slot=0x8000000000000000", 13,
      "number too large '0x8000000000000000' (more than 64 bits)"
    ),
    ("allocate ..0x1000", 10, "missing start before '..' in range '..0x1000'"),
    ("allocate 0x1000..", 18, "missing end after '..' in range '0x1000..'"),
    ("allocate +0x1000", 10, "missing offset before '+' in range '+0x1000'"),
    ("allocate 0x1000+", 17, "missing length after '+' in range '0x1000+'"),
    ("allocate 0x2000..0x1000", 18, "range end 0x1000 is before its start 0x2000"),
    ("allocate 0x1000+zz", 17, "invalid number 'zz'"),
    ("allocate 0x1000..zz", 18, "invalid number 'zz'"),
    ("allocate 0x1000...0x2000", 18, "invalid number '.0x2000'"),
    ("allocate zz+0x1000", 10, "invalid number 'zz'"),
    ("allocate =5", 10, "invalid number '=5'"),
    ("host write 0 256", 14, "byte out of range '256' (expected 0 to 255)"),
    ("expect value 0x100", 14, "byte out of range '0x100' (expected 0 to 255)"),
    ("guest write 0 1K", 15, "byte out of range '1K' (expected 0 to 255)"),
    ("pause 500", 7, "invalid duration '500' (expected a number and ms or s: 500ms, 2s)"),
    ("pause ms", 7, "invalid duration 'ms' (expected a number and ms or s: 500ms, 2s)"),
    ("pause s", 7, "invalid duration 's' (expected a number and ms or s: 500ms, 2s)"),
    ("pause 2S", 7, "invalid duration '2S' (expected a number and ms or s: 500ms, 2s)"),
    ("pause xs", 7, "invalid number 'x'"),
    // Issue 14: a pause longer than a day is refused (it overflowed playback time, or trapped converting it).
    (
      "pause 18446744073709551615s", 7,
      "duration too long '18446744073709551615s' (at most 24 hours: 86400s or 86400000ms)"
    ),
    (
      "pause 0xffffffffffffffffms", 7,
      "duration too long '0xffffffffffffffffms' (at most 24 hours: 86400s or 86400000ms)"
    ),
    (
      "pause 0x7fffffffffffffffms", 7,
      "duration too long '0x7fffffffffffffffms' (at most 24 hours: 86400s or 86400000ms)"
    ),
    ("pause 86401s", 7, "duration too long '86401s' (at most 24 hours: 86400s or 86400000ms)"),
    ("pause 86400001ms", 7, "duration too long '86400001ms' (at most 24 hours: 86400s or 86400000ms)"),
    (
      "host write 0 process=2 0xaa", 24,
      "argument '0xaa' after the options of 'host write' (options come last)"
    ),
    ("bind foo=1", 6, "unknown option 'foo' for 'bind' (expected gpa=, offset=, size=, slot=)"),
    ("allocate 0 foo=1", 12, "unknown option 'foo' for 'allocate' (it takes no options)"),
    ("host read 0 as=shared", 13, "unknown option 'as' for 'host read' (expected process=)"),
    ("guest read 0 process=1", 14, "unknown option 'process' for 'guest read' (expected as=)"),
    ("bind slot=1 slot=2", 13, "duplicate option 'slot' for 'bind'"),
    ("mmap process=", 14, "missing value for 'process=' of 'mmap'"),
    ("allocate", 9, "missing RANGE for 'allocate'"),
    ("share content=zero", 6, "missing RANGE for 'share'"),
    ("host write 0x1000", 18, "missing BYTE for 'host write'"),
    ("allocate 0 0x1000", 12, "extra argument '0x1000' for 'allocate'"),
    ("close now", 7, "extra argument 'now' for 'close'"),
    ("allocate \"0\"", 10, "expected RANGE for 'allocate', got a string"),
    ("host write 0 \"x\"", 14, "expected BYTE for 'host write', got a string"),
    (
      "profile RFC1", 9,
      "unknown profile 'RFC1' for 'profile' (expected rfc1, rfc2, inplace, upstream)"
    ),
    ("profile", 8, "missing NAME for 'profile'"),
    ("profile rfc1 rfc2", 14, "extra argument 'rfc2' for 'profile'"),
    (
      "vm sev-snp", 4,
      "unknown VM type 'sev-snp' for 'vm' (expected default, sw-protected, sev, sev-es, snp, tdx)"
    ),
    ("vm", 3, "missing TYPE for 'vm'"),
    (
      "share 0 content=keep", 17,
      "unknown content mode 'keep' for 'share' (expected zero, preserve)"
    ),
    (
      "guest read 0 as=both", 17,
      "unknown access kind 'both' for 'guest read' (expected private, shared)"
    ),
    ("mmap process=0", 14, "process= must be at least 1 for 'mmap'"),
    ("dontneed 0 process=0", 20, "process= must be at least 1 for 'dontneed'"),
    ("bind gpa=zz", 10, "invalid number 'zz'"),
    ("bind 0", 6, "extra argument '0' for 'bind'"),
    ("unbind slot=-1", 13, "invalid number '-1'"),
    ("\"allocate\" 0", 1, "expected a command, got a string"),
    ("foo 1", 1, "unknown command 'foo'"),
    ("Allocate 0", 1, "unknown command 'Allocate' (commands are lower case)"),
    ("pool", 5, "missing SIZE=N for 'pool'"),
    ("pool 1G", 6, "expected SIZE=N for 'pool', got '1G'"),
    ("pool =4", 6, "expected SIZE=N for 'pool', got '=4'"),
    ("pool \"1G=1\"", 6, "expected SIZE=N for 'pool', got a string"),
    ("pool 1G=", 9, "missing value for '1G=' of 'pool'"),
    ("pool 4K=1", 6, "unknown pool size '4K' for 'pool' (expected 2M, 1G)"),
    ("pool 1G=1 1g=2", 11, "pool size 1G given twice for 'pool'"),
    ("pool 1G=x", 9, "invalid number 'x'"),
    ("pool 2M=0x8000000000000000", 9, "number too large '0x8000000000000000' (more than 64 bits)"),
    ("gmem", 5, "missing SIZE for 'gmem'"),
    ("gmem 1G 2M", 9, "extra argument '2M' for 'gmem'"),
    ("gmem 1G hugetlb=8K", 17, "unknown page size '8K' for 'gmem' (expected 4K, 2M, 1G)"),
    ("gmem 1G flags=mmap,mmap", 20, "flag 'mmap' given twice for 'gmem'"),
    ("gmem 1G flags=mmap,,init-shared", 20, "missing flag in flags= for 'gmem'"),
    ("gmem 1G flags=mmap,", 20, "missing flag in flags= for 'gmem'"),
    ("gmem 1G flags=,mmap", 15, "missing flag in flags= for 'gmem'"),
    (
      "gmem 1G flags=hugepage", 15,
      "unknown flag 'hugepage' for 'gmem' (expected mmap, init-shared, support-shared, init-private or a number)"
    ),
    ("gmem 1G flags=mmap,0xzz", 20, "invalid number '0xzz'"),
    ("host", 5, "missing 'read' or 'write' after 'host'"),
    ("guest", 6, "missing 'read' or 'write' after 'guest'"),
    ("guest poke 0", 7, "unknown command 'guest poke' (expected 'guest read' or 'guest write')"),
    ("host \"read\" 0", 6, "expected 'read' or 'write' after 'host', got a string"),
    ("guest read", 11, "missing RANGE for 'guest read'"),
    (
      "expect", 7,
      "missing what to expect after 'expect' (ok, ERRNO, SIGBUS, SIGSEGV, MEMORY_FAULT, MMIO, value, page, folio, count)"
    ),
    ("expect \"ok\"", 8, "expected what to expect after 'expect', got a string"),
    ("expect ok now", 11, "extra argument 'now' for 'expect ok'"),
    ("expect value", 13, "missing BYTE for 'expect value'"),
    ("expect page", 12, "missing RANGE for 'expect page'"),
    ("expect page 0", 14, "missing WORD for 'expect page'"),
    (
      "expect page 0 shared bogus", 22,
      "unknown state word 'bogus' for 'expect page' (expected shared, private, faultable, unfaultable, allocated, hole, mapped, unmapped, pinned, unpinned, spte, no-spte, spte=4K, spte=2M, spte=1G, orphan)"
    ),
    (
      "expect page 0 spte=3M", 15,
      "unknown state word 'spte=3M' for 'expect page' (expected shared, private, faultable, unfaultable, allocated, hole, mapped, unmapped, pinned, unpinned, spte, no-spte, spte=4K, spte=2M, spte=1G, orphan)"
    ),
    ("expect page 0 \"shared\"", 15, "expected WORD for 'expect page', got a string"),
    ("expect page zz shared", 13, "invalid number 'zz'"),
    ("expect folio", 13, "missing OFF for 'expect folio'"),
    ("expect folio 0", 15, "missing 'whole' or 'split' for 'expect folio'"),
    ("expect folio 0 broken", 16, "expected 'whole' or 'split' for 'expect folio', got 'broken'"),
    ("expect folio 0..1 whole", 14, "invalid number '0..1'"),
    ("expect folio 0 whole split", 22, "extra argument 'split' for 'expect folio'"),
    ("expect count", 13, "missing NAME=N for 'expect count'"),
    ("expect count pages", 14, "expected NAME=N for 'expect count', got 'pages'"),
    ("expect count pages=1 pages=2", 22, "counter 'pages' given twice for 'expect count'"),
    (
      "expect count folios=1", 14,
      "unknown counter 'folios' for 'expect count' (expected pages, allocated, shared, private, faultable, mapped, pinned, spte, whole-folios, split-folios, pool-free, pool-resv, vmemmap-restored)"
    ),
    ("expect count pages=", 20, "missing value for 'pages=' of 'expect count'"),
    ("expect count pages=x", 20, "invalid number 'x'"),
    (
      "expect fine", 8,
      "unknown expectation 'fine' (expected ok, ERRNO, SIGBUS, SIGSEGV, MEMORY_FAULT, MMIO, value, page, folio, count)"
    ),
    (
      "expect Einval", 8,
      "unknown expectation 'Einval' (expected ok, ERRNO, SIGBUS, SIGSEGV, MEMORY_FAULT, MMIO, value, page, folio, count)"
    ),
    ("expect EFOO", 8, "unknown errno 'EFOO'"),
    ("expect EFOO at zz", 8, "unknown errno 'EFOO'"),
    ("expect EINVAL 0x1000", 15, "expected 'at OFF' after 'expect EINVAL', got '0x1000'"),
    ("expect EINVAL at", 17, "missing OFF after 'at' for 'expect EINVAL'"),
    ("expect SIGBUS at 0 1", 20, "extra argument '1' for 'expect SIGBUS'"),
    ("expect MEMORY_FAULT at zz", 24, "invalid number 'zz'"),
    ("expect EINVAL at=0", 15, "unknown option 'at' for 'expect EINVAL' (it takes no options)"),
    ("say hello", 5, "expected \"TEXT\" in quotes for 'say', got 'hello'"),
    ("say", 4, "missing \"TEXT\" for 'say'"),
    ("say \"a\" \"b\"", 9, "extra argument 'b' for 'say'"),
    ("say \"a\" x=1", 9, "unknown option 'x' for 'say' (it takes no options)"),
    ("pause", 6, "missing DURATION for 'pause'"),
    ("pause \"2s\"", 7, "expected DURATION for 'pause', got a string"),
    ("step 1", 6, "extra argument '1' for 'step'"),
    ("  \u{9}allocate zz # comment", 13, "invalid number 'zz'"),
    ("say \"\u{E9}\" bogus", 9, "extra argument 'bogus' for 'say'"),
    ("say \"e\u{301}\" bogus", 9, "extra argument 'bogus' for 'say'"),
    ("say \"\u{1F389}\" x", 9, "extra argument 'x' for 'say'"),

  ]

  @Test("every error path: exact column and message", arguments: errors)
  func error(_ text: String, _ column: Int, _ message: String) {
    let expected = ScriptError(file: "<command>", line: 1, column: column, message: message)
    #expect(parsed(text) == .failure(expected))
  }

  @Test func errorsInAScriptNameFileAndLine() throws {
    let error = ScriptError(file: "a.gmem", line: 3, column: 10, message: "invalid number 'zz'")
    #expect(throws: error) { try Parser.parse("step\n\nallocate zz\nfoo\n", file: "a.gmem") }
    #expect(error.description == "a.gmem:3:10: invalid number 'zz'")
    #expect(throws: ScriptError(file: "b", line: 1, column: 1, message: "unknown command 'foo'")) {
      try Parser.parse("foo\nbar", file: "b")
    }
    #expect(throws: ScriptError(file: "c", line: 4, column: 2, message: "unknown command 'x'")) {
      try Parser.parseLine(" x", file: "c", line: 4)
    }
  }

  static let badBytes: [([UInt8], Int, Int, String)] = [
    ([0xFF], 1, 1, "not UTF-8 text"),
    ([0x80], 1, 1, "not UTF-8 text"),
    (Array("step\nsay \"\u{E9}".utf8) + [0xE2, 0x28, 0xA1, 0x22], 2, 7, "not UTF-8 text"),
    (Array("step # ".utf8) + [0xC0, 0x80], 1, 8, "not UTF-8 text"),
    (Array("say \"".utf8) + [0xED, 0xA0, 0x80, 0x22], 1, 6, "not UTF-8 text"),
    (Array("say \"".utf8) + [0xF5, 0x80, 0x80, 0x80], 1, 6, "not UTF-8 text"),
    (Array("say \"".utf8) + [0xE0, 0x80, 0x80], 1, 6, "not UTF-8 text"),
    (Array("say \"".utf8) + [0xF4, 0x90, 0x80, 0x80], 1, 6, "not UTF-8 text"),
    (Array("say \"".utf8) + [0xF0, 0x9F, 0x8E], 1, 6, "not UTF-8 text"),
    (Array("say \"\u{1F389}".utf8) + [0xE2, 0x82], 1, 7, "not UTF-8 text"),
    (Array("step\n\nstep # a".utf8) + [0x00] + Array("b".utf8), 3, 9, "NUL byte"),
    (Array("allocate ".utf8) + [0x00, 0xFF], 1, 10, "NUL byte"),
    (Array("allocate ".utf8) + [0xFF, 0x00], 1, 10, "not UTF-8 text"),
    (Array("foo\n".utf8) + [0xFF], 1, 1, "unknown command 'foo'"),
    (Array("step\rstep".utf8), 1, 5, "control character U+000D"),
    ([0xEF, 0xBB, 0xBF] + Array("foo".utf8), 1, 1, "unknown command 'foo'"),
  ]

  @Test("bytes that are not UTF-8 text or hold NUL", arguments: badBytes)
  func notText(_ bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
    #expect(
      scriptError(bytes)
        == ScriptError(file: "t.gmem", line: line, column: column, message: message))
  }

  @Test func wellFormedUTF8IsAccepted() throws {
    let caption = "\u{7F0}\u{800}\u{FFFD}\u{10000}\u{10FFFF}\u{E000}"
    #expect(
      try Parser.parse(Array("say \"\(caption)\"".utf8), file: "t") == [
        ScriptLine(number: 1, statement: .say(caption), source: "say \"\(caption)\"")
      ])
  }
}
