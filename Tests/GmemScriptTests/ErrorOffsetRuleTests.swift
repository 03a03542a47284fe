import GmemModel
import GmemScript
import Testing

/// `expect ERRNO at OFF` after a call that reports no error offset (issue 10, behaviour 6): a parse error.
@Suite("Error offsets")
struct ErrorOffsetRuleTests {
  /// The message for `expect ERRNO at` after `verb`, whose system call is `call`.
  static func message(_ verb: String, _ call: String, _ errno: String = "EAGAIN") -> String {
    "'at' cannot follow '\(verb)': \(call) returns only an errno, no error offset "
      + "(write 'expect \(errno)'; the explanation names the page)"
  }

  /// The reproducer: a punch that fails with EAGAIN on rfc2, then `expect EAGAIN at OFF`.
  static let reproducer = """
    profile rfc2
    vm sw-protected
    gmem 4M hugetlb=2M flags=support-shared,init-private
    bind
    mmap
    allocate 0+4M
    share 4K
    pin 4K
    punch 0+2M
    expect EAGAIN at 4K
    """

  @Test func expectAtAfterPunchIsAParseErrorAtTheAt() {
    #expect(
      throws: ScriptError(file: "r.gmem", line: 10, column: 15, message: Self.message("punch", "fallocate(2)"))
    ) {
      try Parser.parse(Self.reproducer, file: "r.gmem")
    }
  }

  @Test func theRuleLooksBackPastExpectationsAndPresentationToTheLastOperation() {
    let script = "punch 0+2M\nexpect EAGAIN\n\n# why\nsay \"x\"\nstep\n  expect ENOMEM at 0x1000  # no\n"
    #expect(
      throws: ScriptError(file: "s", line: 7, column: 17, message: Self.message("punch", "fallocate(2)", "ENOMEM"))
    ) {
      try Parser.parse(script, file: "s")
    }
    #expect(throws: ScriptError(file: "m", line: 2, column: 15, message: Self.message("remove", "madvise(2)"))) {
      try Parser.parse("remove 0+2M\nexpect EAGAIN at 0", file: "m")
    }
  }

  @Test func callsThatReportAnOffsetKeepAt() throws {
    for operation in ["private 4K", "unpin 4K", "pin 0+8K", "allocate 0+2M", "host read 0", "punch 0\nprivate 0"] {
      let lines = try Parser.parse("\(operation)\nexpect EAGAIN at 4K", file: "ok")
      #expect(lines.last?.statement == .expect(.errno(.EAGAIN, at: 4096)), "after \(operation)")
    }
    let lines = try Parser.parse("punch 0+2M\nexpect EAGAIN\nexpect page 0 hole", file: "ok")
    #expect(lines.count == 3)
  }

  @Test func aStreamedScriptCarriesTheLastOperationFromLineToLine() throws {
    var previous: Command?
    let punch = try Parser.line(Array("punch 0+2M".utf8)[...], number: 1, file: "st", after: &previous)
    #expect(punch?.statement == .command(.punch(FileRange(offset: 0, length: 2 << 20))))
    #expect(try Parser.line(Array("say \"x\"".utf8)[...], number: 2, file: "st", after: &previous) != nil)
    #expect(throws: ScriptError(file: "st", line: 3, column: 15, message: Self.message("punch", "fallocate(2)"))) {
      try Parser.line(Array("expect EAGAIN at 0".utf8)[...], number: 3, file: "st", after: &previous)
    }
    // On its own (the TUI's command line) a line has no operation before it.
    #expect(try Parser.parseLine("expect EAGAIN at 0") == .expect(.errno(.EAGAIN, at: 0)))
  }

  @Test func aPunchThatFailsReportsNoOffsetAndItsDetailNamesThePage() throws {
    let model = GuestMemfdModel()
    var last: OperationResult?
    let punch = Self.reproducer.split(separator: "\n").dropLast().joined(separator: "\n")
    for line in try Parser.parse(punch, file: "r") {
      guard case .command(let command) = line.statement else { continue }
      last = model.apply(command)
    }
    #expect(last?.outcome == .errno(.EAGAIN, at: nil))
    #expect(last?.detail?.contains("page 0x1000 is pinned") == true, "\(String(describing: last?.detail))")
    let check = ExpectationCheck.failure(
      of: .errno(.EAGAIN, at: 4096), previous: last, view: model)
    #expect(check == "expected EAGAIN at 0x1000, got EAGAIN with no error offset")
  }
}
