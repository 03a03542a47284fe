import GmemModel
import GmemScript
import Testing

/// A long model operation asks `onProgress` as it goes and stops with EINTR when told to (the TUI's Esc/Ctrl-C),
/// saying so through `wasStopped`; without a hook, or with one that says go on, it runs to the end.
@Suite("Stopping a model operation")
struct OperationStopTests {
  static let setup = """
    profile inplace
    vm sw-protected
    gmem 64G hugetlb=2M flags=mmap
    bind
    allocate 0+64G
    private 0+64G
    """

  static func share(_ model: GuestMemfdModel) throws -> OperationResult {
    let line = try #require(try Parser.parse("share 0+64G", file: "x").first)
    guard case .command(let share) = line.statement else {
      throw ScriptError(file: "x", line: 1, column: 1, message: "")
    }
    return model.apply(share)
  }

  @Test func aHookThatSaysStopEndsTheOperationWithEINTR() throws {
    let model = try runScript(Self.setup)
    var asked: [OperationProgress] = []
    model.onProgress = { progress in
      asked.append(progress)
      return asked.count < 200
    }
    let result = try Self.share(model)
    #expect(model.wasStopped)
    guard case .errno(.EINTR, let at?) = result.outcome else {
      Issue.record("expected EINTR at an offset, got \(result.outcome.text)")
      return
    }
    #expect(at > 0 && at < 64 << 30)
    #expect(asked.count == 200)
    // Every folio is looked at, then split: 128 questions for each pass over 32768 folios.
    #expect(asked.prefix(128).allSatisfy { $0.call == "finding folios to split" })
    #expect(asked.dropFirst(128).allSatisfy { $0.call == "splitting folios" })
    #expect(asked.allSatisfy { $0.total == 64 << 30 && $0.done <= $0.total })
    #expect(asked.dropFirst(128).map(\.done) == asked.dropFirst(128).map(\.done).sorted())
  }

  @Test func aHookThatSaysGoOnChangesNothing() throws {
    let hooked = try runScript(Self.setup)
    var questions = 0
    hooked.onProgress = { _ in
      questions += 1
      return true
    }
    let plain = try runScript(Self.setup)
    let a = try Self.share(hooked)
    let b = try Self.share(plain)
    #expect(!hooked.wasStopped && !plain.wasStopped)
    #expect(a.outcome == b.outcome && a.outcome.succeeded)
    #expect(a.events.map(\.text) == b.events.map(\.text))
    #expect(questions == 2 * 32768 / 256, "a question every 256 folios looked at or split")
    for name in CounterName.allCases { #expect(hooked.counter(name) == plain.counter(name), "\(name)") }
  }
}
