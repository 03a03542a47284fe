/// The guest_memfd file and its inode: size, flags, folios and everything tied to them (spec §1.1–§1.4).
public final class GmemFile {
  /// `i_size`, fixed at creation.
  public let size: UInt64
  /// Base pages or HugeTLB pages.
  public let backing: Backing
  /// Creation flags.
  public let flags: GmemFlags
  /// False once `close` released the fd (the inode lives on while a process maps it).
  public internal(set) var isOpen = true
  /// Every page's state.
  public let pages: PageStore
  /// Per huge page: split into 4 KiB folios (only meaningful while allocated). Change it with `setSplit`.
  @exclusivity(unchecked) private(set) var split: [Bool]
  /// Split huge pages per 1 GiB region, so the view counts them in O(1) per region.
  @exclusivity(unchecked) private var splitInRegion: [Int]
  /// Why each split huge page is split.
  @exclusivity(unchecked) public internal(set) var splitCauses: [Int: SplitCause] = [:]
  /// Huge pages still reserved in the subpool (not yet allocated).
  public internal(set) var subpoolReserved: Int
  /// Allocated huge pages that are whole / split.
  @exclusivity(unchecked) public internal(set) var wholeFolios = 0
  /// Allocated huge pages that are split.
  @exclusivity(unchecked) public internal(set) var splitFolios = 0
  /// Processes that map the file (MAP_SHARED, whole file).
  public internal(set) var mappedBy: Set<Int> = []
  /// Pinned pages punched out of the file, per index: alive until unpinned.
  public internal(set) var orphans: [Int: Int] = [:]
  /// Pins beyond the first, per index.
  var extraPins: [Int: Int] = [:]
  /// Huge pages freed from the file while some of their pages were pinned, oldest first: each holds its orphans
  /// (index → pins) and goes back to the pool only when the last is unpinned (spec §2.10, guestmem_hugetlb's
  /// deferred merge: the huge page is rebuilt and freed to hugetlb after every 4 KiB folio's final put).
  public internal(set) var heldHugePages: [[Int: Int]] = []
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
  public var orphanCount: Int { orphans.values.reduce(0, +) }
}
