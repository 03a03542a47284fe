import GmemModel

/// The naive model's guest_memfd inode: every page in a plain array, a split flag per huge page, and no
/// stored counters (everything countable is counted when asked).
final class NaiveFile {
  /// i_size.
  let size: UInt64
  /// Base pages or HugeTLB pages.
  let backing: Backing
  /// Host mmap is allowed.
  let mmapAllowed: Bool
  /// Every index started shared.
  let initShared: Bool
  /// False once the fd is closed.
  var isOpen = true
  /// Every page of the file.
  var pages: [NaivePage]
  /// Per huge page: split into 4 KiB folios (false while not allocated).
  var split: [Bool]
  /// Processes that map the whole file.
  var mappedBy: Set<Int> = []
  /// Huge pages freed while pinned, oldest first: the pins (index → count) each still holds.
  var held: [[Int: Int]] = []

  init(size: UInt64, backing: Backing, mmapAllowed: Bool, initShared: Bool, initial: NaivePage) {
    self.size = size
    self.backing = backing
    self.mmapAllowed = mmapAllowed
    self.initShared = initShared
    pages = Array(repeating: initial, count: Int(size / 4096))
    split = Array(repeating: false, count: backing == .base4K ? 0 : Int(size / backing.folioSize))
  }

  var pageCount: Int { pages.count }

  /// Pages per huge page (1 for base pages).
  var pagesPerHuge: Int { backing.pagesPerFolio }

  /// Huge pages in the file (0 for base pages).
  var hugeCount: Int { split.count }

  /// The huge page holding page `p`.
  func huge(ofPage p: Int) -> Int { p / pagesPerHuge }

  /// The pages of huge page `h`.
  func pages(ofHuge h: Int) -> Range<Int> { (h * pagesPerHuge)..<((h + 1) * pagesPerHuge) }

  /// The huge pages that overlap the page range `r` (empty for base pages or an empty range).
  func hugePages(overlapping r: Range<Int>) -> Range<Int> {
    guard backing != .base4K, !r.isEmpty else { return 0..<0 }
    return huge(ofPage: r.lowerBound)..<(huge(ofPage: r.upperBound - 1) + 1)
  }

  /// True when huge page `h` has a folio (HugeTLB allocates a whole huge page at once).
  func isAllocated(huge h: Int) -> Bool { pages[h * pagesPerHuge].allocated }

  /// Allocated huge pages, counted.
  var allocatedHugeCount: Int { (0..<hugeCount).filter { isAllocated(huge: $0) }.count }

  /// The pages of the folio that holds page `p`: the whole huge page while it is one folio, else the page.
  func folio(ofPage p: Int) -> Range<Int> {
    guard backing != .base4K, !split[huge(ofPage: p)] else { return p..<(p + 1) }
    return pages(ofHuge: huge(ofPage: p))
  }
}
