import GmemModel
import GmemScript
import Testing

/// One command over a huge range follows runs of pages, not pages (issue 14): it finishes, and the state it
/// leaves is as compact as the store can hold it.
@Suite("Huge ranges")
struct HugeRangeTests {
  /// Applies the command written as `line` to `model`, requiring it to succeed; returns its events.
  @discardableResult
  static func apply(_ line: String, to model: GuestMemfdModel, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> [Event]
  {
    guard case .command(let command) = try #require(try Parser.parse(line, file: "x").first).statement else {
      Issue.record("`\(line)` is not a command", sourceLocation: sourceLocation)
      return []
    }
    let result = model.apply(command)
    #expect(result.outcome.succeeded, "`\(line)`: \(result.detail ?? "")", sourceLocation: sourceLocation)
    #expect(InvariantChecker.check(model).isEmpty, sourceLocation: sourceLocation)
    return result.events
  }

  /// Issue 14 item 3: an rfc1 guest write of 1T through the VMM's mapping ran out of memory.
  @Test func anRFC1GuestWriteOf1TStaysRunLength() throws {
    let model = try runScript(
      """
      profile rfc1
      vm sw-protected
      gmem 1T hugetlb=1G
      mmap
      bind
      """)
    let events = try Self.apply("guest write 0+1T 0x55", to: model)
    #expect(events.count < 10, "\(events.map(\.text))")
    try runScript(
      """
      expect count mapped=268435456 spte=268435456 split-folios=1024
      expect page 0 mapped spte=4K
      expect page 0xfffffff000 mapped spte=4K
      guest read 0+1T
      expect value 0x55
      """, on: model)
    let file = try #require(model.file)
    #expect(file.pages.detailedBlockCount == 0)
    #expect(file.pages.approximateBytes < 1 << 20)
  }

  /// Issue 14 item 6: the TUI's upstream session (`--profile upstream --vm default --flags mmap,init-shared
  /// --size 1G`) then `:guest write 0+1G 0x55` left an event and a state per page, so every undo copy, flash and
  /// redraw walked 262,144 pages.
  @Test func anUpstreamGuestWriteOf1GLeavesOneRun() throws {
    let model = try runScript(
      """
      profile upstream
      vm default
      gmem 1G flags=mmap,init-shared
      bind
      allocate 0+1G
      """)
    let events = try Self.apply("guest write 0+1G 0x55", to: model)
    #expect(
      events.map(\.text) == [
        "zeroed 262144 folios on first use in 0x0+0x40000000", "SPTEs mapped: 262144 × 4K over 0x0+0x40000000",
      ])
    let file = try #require(model.file)
    #expect(file.pages.uniformState(region: 0)?.content == 0x55)
    #expect(file.pages.detailedBlockCount == 0)
    // (A `share` would change nothing here: a default VM's gfns are all shared already.)
    try Self.apply("punch 0x1000", to: model)
    #expect(model.copy().file?.pages.detailedBlockCount == 1)  // the block of 0x1000, whose folio and SPTE went
  }

  /// Issue 14 item 7: on upstream 64G, `guest write 0+64G` took 24 s and 1.36 GB, `punch 0+64G` of pinned pages
  /// 40 s and a second `pin 0+64G` 5.5 s: pins and orphans were kept per page.
  @Test func pinsAndOrphansOf64GAreAFewRuns() throws {
    let model = try runScript(
      """
      profile upstream
      vm default
      gmem 64G flags=mmap,init-shared
      bind
      mmap
      guest write 0+64G 0x55
      pin 0+64G
      pin 0+64G
      """)
    let file = try #require(model.file)
    #expect(file.extraPins.runs.count == 1)
    try Self.apply("punch 0+64G", to: model)
    #expect(file.orphans.runs.map(\.value) == [2])
    #expect(file.orphanCount == 2 << 24 && file.extraPins.isEmpty)
    try Self.apply("unpin 0+64G", to: model)
    #expect(file.orphans.runs.map(\.value) == [1])
    try Self.apply("pin 0+64G", to: model)
    try Self.apply("unpin 0+64G", to: model)
    #expect(file.orphans.isEmpty && file.extraPins.isEmpty && file.pages.totals.pinned == 1 << 24)
    try Self.apply("unpin 0+64G", to: model)
    #expect(file.pages.totals.pinned == 0 && file.pages.detailedBlockCount == 0)
  }

  /// Pinned 2M huge pages punched over 64G are held out of the pool as one map, and all come back at unpin.
  @Test func heldHugePagesOf64GComeBackAtUnpin() throws {
    let model = try runScript(
      """
      profile inplace
      vm sw-protected
      gmem 64G hugetlb=2M flags=mmap,init-shared
      bind
      mmap
      pin 0+64G
      punch 0+64G
      expect count pool-free=0
      """)
    let file = try #require(model.file)
    #expect(file.heldHugePages.count == 1 && file.heldHugePageCount == 32768)
    let events = try Self.apply("unpin 0+64G", to: model)
    #expect(file.heldHugePages.isEmpty && file.subpoolReserved == 32768)
    #expect(events.filter { if case .hugePageReturned = $0 { true } else { false } }.count == 32768)
  }

  /// Issue 14 item 7: on inplace with 2M pages over 64T every operation after `gmem` ran past 20 s in a release
  /// build. A generous guard per operation (60 s in a debug build under load, where they now take well under a
  /// second) and the runs they leave.
  @Test func operationsOn64TOf2MPagesFinishInSeconds() throws {
    let model = try runScript(
      """
      profile inplace
      vm sw-protected
      gmem 64T hugetlb=2M flags=mmap
      bind size=4T
      mmap
      """)
    for line in ["allocate 0+64T", "guest write 0+4T 0x55", "private 0+64T", "guest read 0+4T", "punch 0+64T"] {
      guard case .command(let command) = try #require(try Parser.parse(line, file: "x").first).statement else {
        return
      }
      let start = ContinuousClock.now
      let result = model.apply(command)
      #expect(ContinuousClock.now - start < .seconds(60), "`\(line)`")
      #expect(result.outcome.succeeded, "`\(line)`: \(result.detail ?? "")")
      #expect((model.file?.pages.detailedBlockCount ?? 0) == 0, "`\(line)`")
    }
    #expect(InvariantChecker.check(model).isEmpty)
    #expect(model.counter(.poolResv) == 1 << 25 && model.counter(.wholeFolios) == 0)
  }
}
