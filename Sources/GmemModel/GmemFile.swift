/// The guest_memfd file and its inode: size, flags, folios and everything tied to them (spec §1.1–§1.4).
public final class GmemFile {
  /// `i_size`, fixed at creation.
  public let size: UInt64
  /// Base pages or HugeTLB pages.
  public let backing: Backing
  /// Creation flags.
  public let flags: GmemFlags
  /// False once `close` released the fd (the inode lives on while a process maps it).
  @exclusivity(unchecked) public internal(set) var isOpen = true
  /// Every page's state.
  public let pages: PageStore
  /// Per huge page: split into 4 KiB folios (only meaningful while allocated). Change it with `setSplit`.
  @exclusivity(unchecked) private(set) var split: [Bool]
  /// Split huge pages per 1 GiB region, so the view counts them in O(1) per region.
  @exclusivity(unchecked) private var splitInRegion: [Int]
  /// Why each split huge page is split, as runs of huge pages; each cause's offset is kept within its huge page,
  /// so the folios one command split at the same place in each are one run. Read it with `splitCause(huge:)`.
  @exclusivity(unchecked) private var splitCauses = RunMap<SplitCause>()
  /// Huge pages still reserved in the subpool (not yet allocated).
  public internal(set) var subpoolReserved: Int
  /// Allocated huge pages that are whole / split.
  @exclusivity(unchecked) public internal(set) var wholeFolios = 0
  /// Allocated huge pages that are split.
  @exclusivity(unchecked) public internal(set) var splitFolios = 0
  /// Processes that map the file (MAP_SHARED, whole file).
  public internal(set) var mappedBy: Set<Int> = []
  /// Pinned pages punched out of the file, per index (runs of equal counts): alive until unpinned.
  public internal(set) var orphans = RunMap<Int>()
  /// Pins beyond the first, per index (runs of equal counts).
  public internal(set) var extraPins = RunMap<Int>()
  /// Huge pages freed from the file while some of their pages were pinned: one map of orphans (index → pins) per
  /// free that held some, oldest first. A huge page is held by a map while any of its pages has orphans there, and
  /// goes back to the pool only when the last is unpinned (spec §2.10, guestmem_hugetlb's deferred merge: the
  /// huge page is rebuilt and freed to hugetlb after every 4 KiB folio's final put).
  public internal(set) var heldHugePages: [RunMap<Int>] = []
  /// Bytes of the separate shared backing (memslot userspace memory) that a shared guest access reaches when
  /// the slot is not served by guest_memfd (upstream without MMAP), per run of pages; absent is 0.
  var sharedBacking = RunMap<UInt8>()

  init(size: UInt64, backing: Backing, flags: GmemFlags, initial: PageState) {
    self.size = size
    self.backing = backing
    self.flags = flags
    pages = PageStore(pageCount: Int(size >> Geometry.pageShift), state: initial)
    let hugeCount = backing.isHuge ? Int(size / backing.folioSize) : 0
    split = Array(repeating: false, count: hugeCount)
    splitInRegion = Array(repeating: 0, count: pages.regionCount)
    subpoolReserved = hugeCount
  }

  /// Marks huge page `h` split or not, keeping the per-region counts.
  func setSplit(_ h: Int, _ isSplit: Bool) {
    guard split[h] != isSplit else { return }
    split[h] = isSplit
    splitInRegion[h * backing.pagesPerFolio / Geometry.pagesPerRegion] += isSplit ? 1 : -1
  }

  /// Why huge page `h` is split, when it is.
  public func splitCause(huge h: Int) -> SplitCause? {
    guard var cause = splitCauses[h] else { return nil }
    cause.offset += UInt64(h) * backing.folioSize
    return cause
  }

  /// Records why huge page `h` is split (nil: it is no longer).
  func setSplitCause(_ h: Int, _ cause: SplitCause?) {
    var relative = cause
    relative?.offset -= UInt64(h) * backing.folioSize
    splitCauses.set(h..<(h + 1), to: relative)
  }

  /// Split huge pages (flagged split, allocated or not) among the pages of `range`: O(1) per whole region.
  public func splitFlags(in range: Range<Int>) -> Int {
    guard backing.isHuge, !range.isEmpty else { return 0 }
    var n = 0
    var p = range.lowerBound
    while p < range.upperBound {
      let r = p / Geometry.pagesPerRegion
      let regionStart = r * Geometry.pagesPerRegion
      let regionEnd = min(regionStart + Geometry.pagesPerRegion, pageCount)
      if p == regionStart && range.upperBound >= regionEnd {
        n += splitInRegion[r]
        p = regionEnd
      } else {
        let h = hugeIndex(ofPage: p)
        if split[h] { n += 1 }
        p = pageRange(ofHuge: h).upperBound
      }
    }
    return n
  }

  /// The first huge page among `hugePages` flagged split: a region with none is skipped in one step.
  func firstSplitFlag(in hugePages: Range<Int>) -> Int? {
    let perRegion = max(1, Geometry.pagesPerRegion / backing.pagesPerFolio)
    var h = hugePages.lowerBound
    while h < hugePages.upperBound {
      let r = h * backing.pagesPerFolio / Geometry.pagesPerRegion
      if splitInRegion[r] == 0 {
        h = (h / perRegion + 1) * perRegion
        continue
      }
      if split[h] { return h }
      h += 1
    }
    return nil
  }

  private init(copying f: GmemFile) {
    size = f.size
    backing = f.backing
    flags = f.flags
    isOpen = f.isOpen
    pages = f.pages.copy()
    split = f.split
    splitInRegion = f.splitInRegion
    splitCauses = f.splitCauses
    subpoolReserved = f.subpoolReserved
    wholeFolios = f.wholeFolios
    splitFolios = f.splitFolios
    mappedBy = f.mappedBy
    orphans = f.orphans
    extraPins = f.extraPins
    heldHugePages = f.heldHugePages
    sharedBacking = f.sharedBacking
  }

  func copy() -> GmemFile { GmemFile(copying: self) }

  /// Pages in the file.
  public var pageCount: Int { pages.pageCount }

  /// Huge pages in the file (0 for base pages).
  public var hugePageCount: Int { split.count }

  /// Pages per folio when whole.
  public var pagesPerFolio: Int { backing.pagesPerFolio }

  /// The huge page index holding page `p`.
  public func hugeIndex(ofPage p: Int) -> Int { p / backing.pagesPerFolio }

  /// The page range of huge page `h`.
  public func pageRange(ofHuge h: Int) -> Range<Int> {
    (h * backing.pagesPerFolio)..<((h + 1) * backing.pagesPerFolio)
  }

  /// True when huge page `h` is allocated (HugeTLB allocation is all or nothing per huge page).
  public func isAllocated(huge h: Int) -> Bool {
    pages.state(at: h * backing.pagesPerFolio).isAllocated
  }

  /// True when huge page `h` is allocated and split to 4 KiB folios.
  public func isSplit(huge h: Int) -> Bool { split[h] && isAllocated(huge: h) }

  /// Total orphan pages.
  public var orphanCount: Int { orphans.total(in: 0..<pageCount) { $0 } }

  /// Huge pages held out of the pool by their orphans.
  public var heldHugePageCount: Int { heldHugePages.reduce(0) { $0 + hugePages(holding: $1) } }

  /// The huge pages that hold an orphan of `orphans`.
  func hugePages(holding orphans: RunMap<Int>) -> Int {
    var n = 0
    var last = -1
    orphans.forEachRun(in: 0..<pageCount) { r, _ in
      let first = max(last + 1, hugeIndex(ofPage: r.lowerBound))
      let end = hugeIndex(ofPage: r.upperBound - 1)
      if first <= end { n += end - first + 1 }
      last = max(last, end)
    }
    return n
  }
}
