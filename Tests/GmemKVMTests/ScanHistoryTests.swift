import GmemKVM
import GmemModel
import Testing

/// The history of a live view's scans: diffing scans into runs, bounded memory, and scrubbing back and forth.
struct ScanHistoryTests {
  static let hole = PageState.hole(private: false, faultable: false)
  static let allocated = PageState(raw: hole.raw | PageState.allocatedBit)
  static let mapped = PageState(raw: allocated.raw | PageState.uptodateBit | PageState.mappedBit(process: 1))

  /// A whole state as its longest runs, `FIRST..<END:RAW`, to compare states in few words.
  private static func pages(_ view: any StateView) -> [String] {
    runs { view.forEachRun(in: 0..<view.pageCount, $0) }
  }

  private static func pages(_ store: PageStore) -> [String] {
    runs { store.forEachRun(in: 0..<store.pageCount, $0) }
  }

  private static func runs(_ walk: ((Range<Int>, PageState) -> Void) -> Void) -> [String] {
    var runs: [(Range<Int>, PageState)] = []
    walk { range, state in
      if let last = runs.last, last.1 == state, last.0.upperBound == range.lowerBound {
        runs[runs.count - 1].0 = last.0.lowerBound..<range.upperBound
      } else {
        runs.append((range, state))
      }
    }
    return runs.map { "\($0.0):\($0.1.raw)" }
  }

  private static func allocatedCount(_ store: PageStore?) -> Int { store?.totals.allocated ?? -1 }

  @Test func aScanIsTheRunsThatChangedOldToNew() {
    let view = PagesView(pageCount: 2048)
    view.set(0..<16, Self.allocated)
    let history = ScanHistory(start: view, at: 1000)
    #expect(history.record(view, at: 1100) == nil, "a scan that changed nothing is not kept")
    #expect(history.count == 0)

    // Two adjacent changes with the same old → new are one run; a different change in between splits them; pages
    // set to what they were are not changes.
    view.set(4..<8, Self.hole)
    view.set(16..<20, Self.allocated)
    view.set(20..<24, Self.allocated)
    view.set(0..<2, Self.allocated)
    view.set(600..<1500, Self.mapped)
    let scan = try! #require(history.record(view, at: 1200))
    #expect(
      scan.changes == [
        PageRunChange(pages: 4..<8, old: Self.allocated, new: Self.hole),
        PageRunChange(pages: 16..<24, old: Self.hole, new: Self.allocated),
        PageRunChange(pages: 600..<1500, old: Self.hole, new: Self.mapped),
      ])
    #expect(scan.time == 1200)
    #expect(scan.changes[1].fileRange.description == "0x10000+0x8000")
    #expect(Self.pages(history.latest) == Self.pages(view))
    #expect(scan.change(of: 7) == scan.changes[0])
    #expect(scan.change(of: 8) == nil)
    #expect(scan.change(of: 1499) == scan.changes[2])
    #expect(scan.change(of: 1500) == nil)
    #expect(history.record(view, at: 1300) == nil)
  }

  @Test func runsAcrossRegionsAndBlocksAreWhole() {
    // 1 GiB + 2 MiB: a change that crosses the 2 MiB blocks and the 1 GiB region boundary is one run.
    let view = PagesView(pageCount: 262_144 + 512)
    let history = ScanHistory(start: view, at: 0)
    view.set(262_000..<262_700, Self.allocated)
    let scan = try! #require(history.record(view, at: 1))
    #expect(scan.changes == [PageRunChange(pages: 262_000..<262_656, old: Self.hole, new: Self.allocated)])
  }

  @Test func memoryIsBoundedByDroppingTheOldestScans() {
    let view = PagesView(pageCount: 4096)
    let history = ScanHistory(start: view, at: 0, byteLimit: 4096)
    // Each scan flips 8 separate pages: 8 runs.
    for i in 0..<2000 {
      let state = (i / 64) % 2 == 0 ? Self.allocated : Self.hole
      for k in 0..<8 { view.set((k * 64 + i % 64)..<(k * 64 + i % 64 + 1), state) }
      history.record(view, at: UInt64(i + 1))
    }
    #expect(history.bytes <= 4096)
    #expect(history.count > 0 && history.count < 40, "\(history.count) scans kept")
    #expect(history.droppedCount + history.count == 2000)
    #expect(history.scan(history.count).time == 2000)
    #expect(history.startTime == history.scan(1).time - 1, "the start is the newest dropped scan")
    #expect(Self.pages(history.latest) == Self.pages(view))

    let none = ScanHistory(start: view, at: 0, byteLimit: 0)
    view.set(0..<1, Self.mapped)
    #expect(none.record(view, at: 1)?.changes.count == 1, "with no room the changes are still found")
    #expect(none.count == 0 && none.bytes == 0)
    #expect(!none.stepBack())
  }

  @Test func scrubbingShowsTheStateAtEachScan() {
    let view = PagesView(pageCount: 1024)
    let history = ScanHistory(start: view, at: 10)
    var states = [Self.pages(view)]
    for i in 1...5 {
      view.set((i * 10)..<(i * 10 + i), Self.allocated)
      if i == 3 { view.set(0..<4, Self.mapped) }
      history.record(view, at: UInt64(10 + i))
      states.append(Self.pages(view))
    }
    #expect(history.position == nil && history.shown == nil)
    #expect(!history.stepForward(), "live already")
    for position in stride(from: 5, through: 0, by: -1) {
      #expect(history.stepBack())
      #expect(history.position == position)
      #expect(Self.pages(history.shown!) == states[position], "position \(position)")
      #expect(history.time(at: position) == UInt64(10 + position))
    }
    #expect(!history.stepBack(), "the oldest state kept")
    #expect(history.position == 0)
    for position in 1...5 {
      #expect(history.stepForward())
      #expect(Self.pages(history.shown!) == states[position])
    }
    #expect(history.stepForward(), "past the newest: live")
    #expect(history.position == nil)
    #expect(history.stepBack() && history.stepBack() && history.position == 4)
    #expect(history.goLive() && history.position == nil)
    #expect(!history.goLive())
    #expect(Self.pages(history.latest) == states[5], "scrubbing never changes the live state")
  }

  @Test func scansKeepComingWhileScrubbing() {
    let view = PagesView(pageCount: 512)
    // Room for two scans of one run each.
    let history = ScanHistory(start: view, at: 0, byteLimit: 2 * (MemoryLayout<Scan>.stride + 32 + 24))
    view.set(0..<1, Self.allocated)
    history.record(view, at: 1)
    view.set(1..<2, Self.allocated)
    history.record(view, at: 2)
    #expect(history.stepBack() && history.stepBack() && history.stepBack())
    #expect(!history.stepBack())
    #expect(history.position == 0)
    #expect(Self.allocatedCount(history.shown) == 0)
    // A new scan drops the oldest: the shown state moves to the new start, the state after it.
    view.set(2..<3, Self.allocated)
    history.record(view, at: 3)
    #expect(history.count == 2 && history.droppedCount == 1)
    #expect(history.position == 0)
    #expect(history.time(at: 0) == 1)
    #expect(Self.allocatedCount(history.shown) == 1)
    #expect(history.stepForward() && history.stepForward())
    #expect(Self.pages(history.shown!) == Self.pages(view))
  }

  @Test func aFileOfAnotherSizeStartsAgain() {
    let view = PagesView(pageCount: 512)
    let history = ScanHistory(start: view, at: 0)
    view.set(0..<1, Self.allocated)
    history.record(view, at: 1)
    #expect(history.stepBack())
    let bigger = PagesView(pageCount: 1024)
    #expect(history.record(bigger, at: 2) == nil)
    #expect(history.count == 0 && history.position == nil && history.droppedCount == 1)
    #expect(history.latest.pageCount == 1024 && history.startTime == 2)
    bigger.set(0..<1, Self.allocated)
    #expect(history.record(bigger, at: 3)?.changes.count == 1)
  }

  @Test func theMapAtAScanSaysWhenThePageChanged() throws {
    let view = PagesView(pageCount: 512)
    let history = ScanHistory(start: view, at: 0)
    view.set(5..<6, Self.allocated)
    history.record(view, at: 45_296_120)
    view.set(5..<6, Self.hole)
    history.record(view, at: 45_297_000)
    let words: (PageState) -> [String] = { [$0.isAllocated ? "allocated" : "hole"] }
    #expect(HistoricalStateView(live: view, history: history, words: words) == nil, "nil while live")
    #expect(history.stepBack() && history.stepBack() && history.position == 1)
    let shown = try #require(HistoricalStateView(live: view, history: history, words: words))
    #expect(shown.page(5)?.isAllocated == true)
    #expect(shown.counter(.allocated) == 1)
    #expect(view.counter(.allocated) == 0)
    let lines = shown.explain(page: 5)
    let at = { WallClock.text($0) }
    #expect(
      lines == [
        "history 1/2: page 0x5000 as scanned at \(at(45_296_120)) (] newer, } live)",
        "changed at \(at(45_296_120)): hole → allocated",
        "next change at \(at(45_297_000)): allocated → hole",
        "now: hole",
      ])
    #expect(shown.explain(page: 6)[1] == "unchanged since \(at(0)), the oldest scan kept")
  }

  @Test func timesAreHoursMinutesSecondsAndMilliseconds() {
    let text = WallClock.text(1_700_000_000_042)
    #expect(text.count == 12)
    #expect(text.hasSuffix(":20.042"), "\(text)")  // 1_700_000_000 s is 22:13:20 UTC; zones shift whole minutes
    #expect(Array(text)[2] == ":" && Array(text)[5] == ":" && Array(text)[8] == ".")
  }
}
