import GmemModel

/// A view whose pages are one scan of a guest_memfd on this kernel (order-0 folios only; orphans and pins are not
/// seen per page): the page reads of `StateView` come from the scan's `PageStore`.
public protocol ScannedPagesView: StateView {
  /// The pages as scanned.
  var scannedPages: PageStore { get }
}

extension ScannedPagesView {
  /// Pages in the file.
  public var pageCount: Int { scannedPages.pageCount }

  /// The state of page `p` as scanned.
  public func page(_ p: Int) -> PageState? {
    guard p >= 0, p < scannedPages.pageCount else { return nil }
    return scannedPages.state(at: p)
  }

  /// 0: orphans are pages punched while pinned, and pins cannot be seen per page.
  public func orphans(at p: Int) -> Int { 0 }

  /// `.base` for an allocated page (the kernel reports order 0), else `.hole`.
  public func folioShape(ofPage p: Int) -> FolioShape { page(p)?.isAllocated == true ? .base : .hole }

  /// Counts over 2 MiB block `b`, O(1).
  public func counts(block b: Int) -> PageCounts { scannedPages.counts(block: b) }

  /// Counts over 1 GiB region `r`, O(1).
  public func counts(region r: Int) -> PageCounts { scannedPages.counts(region: r) }

  /// The first page in `range` whose state satisfies `predicate`.
  public func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    scannedPages.firstPage(in: range, where: predicate)
  }

  /// Runs of pages in `range` that share one state, in order.
  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) {
    scannedPages.forEachRun(in: range, body)
  }
}
