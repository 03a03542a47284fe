/// Something that carries out commands: the in-process model or the real kernel. The TUI, `run`, `play`
/// and `diff` never ask which one they have (ARCHITECTURE.md).
public protocol Backend: AnyObject {
  /// `model` or `kvm`.
  var name: String { get }
  /// Applies one command and reports what happened.
  func apply(_ command: Command) -> OperationResult
  /// Read-only access to the state after the last command.
  var view: any StateView { get }
}

/// The shape of the folio holding a page.
public enum FolioShape: String, Sendable {
  /// Nothing allocated there.
  case hole
  /// One whole huge folio.
  case whole
  /// A huge page split into 4 KiB folios.
  case split
  /// A base-page (4 KiB) folio: the file has no huge pages.
  case base
}

/// Read-only state, page by page and in O(1) aggregates.
public protocol StateView: AnyObject {
  /// The kernel design.
  var profile: Profile { get }
  /// The VM type, once created.
  var vmType: VMType? { get }
  /// The file's size in bytes; 0 when there is no file.
  var fileSize: UInt64 { get }
  /// The file's backing, when there is a file.
  var backing: Backing? { get }
  /// Pages in the file.
  var pageCount: Int { get }
  /// The state of page `p` (an index into the file), or nil past the end.
  func page(_ p: Int) -> PageState?
  /// Orphaned pinned pages at index `p` (punched while pinned).
  func orphans(at p: Int) -> Int
  /// The folio shape at page `p`.
  func folioShape(ofPage p: Int) -> FolioShape
  /// A global counter.
  func counter(_ name: CounterName) -> UInt64
  /// Counts over 2 MiB block `b`, O(1).
  func counts(block b: Int) -> PageCounts
  /// Counts over 1 GiB region `r`, O(1).
  func counts(region r: Int) -> PageCounts
  /// The first page in `range` whose state satisfies `predicate`; uniform runs are tested once.
  func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int?
  /// Calls `body` with runs of pages in `range` that share one state, in order.
  func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void)
  /// The file's creation flags, when there is a file.
  var flags: GmemFlags? { get }
  /// False once the fd is closed (or there is no file).
  var isOpen: Bool { get }
  /// Memslots binding the file.
  var memslots: [Memslot] { get }
  /// Processes that map the file.
  var mappingProcesses: [Int] { get }
  /// The HugeTLB page size the pool counters report.
  var poolBacking: Backing { get }
  /// Bytes of vmemmap restored by the folios split now (HVO undone).
  var vmemmapRestoredBytes: UInt64 { get }
  /// Lines explaining the folio and page at `p` (why split, what blocks a merge, the last failure).
  func explain(page p: Int) -> [String]
  /// Split huge folios among the pages of `range`; O(1) per whole 1 GiB region.
  func splitFolios(in range: Range<Int>) -> Int
  /// True when the state is read back from a running kernel: page contents are not read (a load could fault a
  /// page in), and the HugeTLB pool counters do not apply (guest_memfd there has no HugeTLB backing).
  var isReadFromKernel: Bool { get }
}

extension StateView {
  /// False: the model knows every byte and its pool.
  public var isReadFromKernel: Bool { false }
}

extension GuestMemfdModel: Backend, StateView {
  public var name: String { "model" }
  public var view: any StateView { self }
  public var vmType: VMType? { vm }
  public var fileSize: UInt64 { file?.size ?? 0 }
  public var backing: Backing? { file?.backing }
  public var pageCount: Int { file?.pageCount ?? 0 }

  public func page(_ p: Int) -> PageState? {
    guard let file, p >= 0, p < file.pageCount else { return nil }
    return file.pages.state(at: p)
  }

  public func orphans(at p: Int) -> Int { file?.orphans[p] ?? 0 }

  public func folioShape(ofPage p: Int) -> FolioShape {
    guard let file, p >= 0, p < file.pageCount, file.pages.state(at: p).isAllocated else {
      return .hole
    }
    guard file.backing.isHuge else { return .base }
    return file.split[file.hugeIndex(ofPage: p)] ? .split : .whole
  }

  /// The HugeTLB size the pool counters report: the file's, else 1G.
  public var poolBacking: Backing {
    if let b = file?.backing, b.isHuge { return b }
    return .huge1G
  }

  public func counter(_ name: CounterName) -> UInt64 {
    let v: Int
    switch name {
    case .wholeFolios: v = file?.wholeFolios ?? 0
    case .splitFolios: v = file?.splitFolios ?? 0
    case .poolFree: v = poolFree[poolBacking] ?? 0
    case .poolResv: v = poolResv[poolBacking] ?? 0
    case .vmemmapRestored: return vmemmapRestoredBytes
    default: v = (file?.pages.totals ?? PageCounts()).value(of: name) ?? 0
    }
    return UInt64(max(v, 0))
  }

  public func counts(block b: Int) -> PageCounts { file?.pages.counts(block: b) ?? PageCounts() }
  public func counts(region r: Int) -> PageCounts { file?.pages.counts(region: r) ?? PageCounts() }

  public func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    file?.pages.firstPage(in: range, where: predicate)
  }

  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) {
    file?.pages.forEachRun(in: range, body)
  }

  public func splitFolios(in range: Range<Int>) -> Int {
    guard let file else { return 0 }
    // Only allocated huge pages are folios; a freed one has its flag cleared.
    return file.splitFlags(in: range)
  }

  public var flags: GmemFlags? { file?.flags }
  public var isOpen: Bool { file?.isOpen ?? false }
  public var mappingProcesses: [Int] { file?.mappedBy.sorted() ?? [] }

  public var vmemmapRestoredBytes: UInt64 {
    guard let file else { return 0 }
    return UInt64(file.splitFolios) * settings.vmemmapRestored(per: file.backing)
  }
}
