/// Identity-mapped x86-64 page tables (4 levels, 2 MiB pages) built on demand in the guest's scratch memory.
///
/// A page directory maps its whole gigabyte once any gpa in it is needed, and an entry never changes while the tables
/// stand, so no translation the guest may have cached is ever wrong. When the pool of table pages runs short, the
/// tables are dropped and rebuilt from the root; CR3 is loaded again (KVM_SET_SREGS) before every run. 2 MiB pages
/// need no CPUID bit, unlike 1 GiB pages (pdpe1gb).
struct GuestPageTables {
  /// Present | writable.
  private static let tableEntry: UInt64 = 0x3
  /// Present | writable | page size (a 2 MiB page in a page directory).
  private static let largePageEntry: UInt64 = 0x83
  private static let pageSize: UInt64 = 4096

  /// The host address of the scratch memory.
  private let memory: UnsafeMutableRawPointer
  /// The gpa of the scratch memory.
  let base: UInt64
  /// The scratch page that holds the PML4.
  private let root: Int
  /// The scratch pages handed out as PDPTs and page directories.
  private let pool: Range<Int>
  private var nextFree: Int
  /// The table page of each 512 GiB region that has a PDPT, and of each gigabyte that has a page directory.
  private var pointerTables: [UInt64: Int] = [:]
  private var directories: [UInt64: Int] = [:]

  /// Empty tables: the PML4 in scratch page `root`, the PDPTs and directories taken from the pages `pool`, in the
  /// scratch memory at `memory` (host) and `base` (gpa).
  init(memory: UnsafeMutableRawPointer, base: UInt64, root: Int, pool: Range<Int>) {
    self.memory = memory
    self.base = base
    self.root = root
    self.pool = pool
    nextFree = pool.lowerBound
    clear(page: root)
  }

  /// CR3: the gpa of the PML4.
  var cr3: UInt64 { gpa(ofPage: root) }

  /// Maps every gpa in `ranges` (non-empty, below 2^48) to itself, rebuilding the tables first when the pool cannot
  /// hold what they need.
  mutating func identityMap(_ ranges: [Range<UInt64>]) {
    let gigabytes = Set(ranges.flatMap { ($0.lowerBound >> 30)...(($0.upperBound - 1) >> 30) })
    let newDirectories = gigabytes.filter { directories[$0] == nil }
    let newPointerTables = Set(newDirectories.map { $0 >> 9 }).filter { pointerTables[$0] == nil }
    if newDirectories.count + newPointerTables.count > pool.upperBound - nextFree {
      self = GuestPageTables(memory: memory, base: base, root: root, pool: pool)
    }
    for gigabyte in gigabytes.sorted() { mapGigabyte(gigabyte) }
  }

  private mutating func mapGigabyte(_ gigabyte: UInt64) {
    guard directories[gigabyte] == nil else { return }
    let region = gigabyte >> 9
    let pointerTable: Int
    if let existing = pointerTables[region] {
      pointerTable = existing
    } else {
      pointerTable = take()
      pointerTables[region] = pointerTable
      store(gpa(ofPage: pointerTable) | Self.tableEntry, page: root, index: Int(region & 511))
    }
    let directory = take()
    directories[gigabyte] = directory
    for index in 0..<512 {
      store(((gigabyte << 30) + (UInt64(index) << 21)) | Self.largePageEntry, page: directory, index: index)
    }
    store(gpa(ofPage: directory) | Self.tableEntry, page: pointerTable, index: Int(gigabyte & 511))
  }

  private mutating func take() -> Int {
    let page = nextFree
    nextFree += 1
    clear(page: page)
    return page
  }

  private func gpa(ofPage page: Int) -> UInt64 { base + UInt64(page) * Self.pageSize }

  private func clear(page: Int) {
    (memory + page * Int(Self.pageSize)).initializeMemory(as: UInt8.self, repeating: 0, count: Int(Self.pageSize))
  }

  private func store(_ entry: UInt64, page: Int, index: Int) {
    (memory + page * Int(Self.pageSize)).storeBytes(of: entry, toByteOffset: index * 8, as: UInt64.self)
  }
}
