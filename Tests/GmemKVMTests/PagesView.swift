import GmemModel

/// A StateView over a PageStore that a test changes page by page, as a live view's rescans would.
final class PagesView: StateView {
  let store: PageStore

  /// `pageCount` pages, all holes.
  init(pageCount: Int) {
    store = PageStore(pageCount: pageCount, state: .hole(private: false, faultable: false))
  }

  /// Sets `pages` to `state`.
  func set(_ pages: Range<Int>, _ state: PageState) { store.modify(pages) { $0 = state } }

  var profile: Profile { .upstream }
  var vmType: VMType? { nil }
  var fileSize: UInt64 { Geometry.offset(ofPage: store.pageCount) }
  var backing: Backing? { .base4K }
  var pageCount: Int { store.pageCount }
  func page(_ p: Int) -> PageState? { p >= 0 && p < store.pageCount ? store.state(at: p) : nil }
  func orphans(at p: Int) -> Int { 0 }
  func folioShape(ofPage p: Int) -> FolioShape { .base }
  func counter(_ name: CounterName) -> UInt64 { UInt64(max(store.totals.value(of: name) ?? 0, 0)) }
  func counts(block b: Int) -> PageCounts { store.counts(block: b) }
  func counts(region r: Int) -> PageCounts { store.counts(region: r) }
  func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    store.firstPage(in: range, where: predicate)
  }
  func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) { store.forEachRun(in: range, body) }
  var flags: GmemFlags? { nil }
  var isOpen: Bool { true }
  var memslots: [Memslot] { [] }
  var mappingProcesses: [Int] { [] }
  var poolBacking: Backing { .huge1G }
  var vmemmapRestoredBytes: UInt64 { 0 }
  func explain(page p: Int) -> [String] { [] }
  func splitFolios(in range: Range<Int>) -> Int { 0 }
}
