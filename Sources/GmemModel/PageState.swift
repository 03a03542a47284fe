/// The state of one 4 KiB page of the file, packed in 32 bits so a whole folio is one value.
///
/// Bits 0–15 are flags (see the static masks), bits 16–23 the content byte (one fill byte per page suffices
/// for the selftests, spec §1.2).
public struct PageState: Equatable, Hashable, Sendable {
  /// The packed value.
  public var raw: UInt32

  /// A page from its packed value.
  @inlinable public init(raw: UInt32) { self.raw = raw }

  /// PRIVATE in the attribute KVM acts on (mem_attr_array for rfc1/upstream, the file's for rfc2/inplace).
  public static let privateBit: UInt32 = 1 << 0
  /// A host userspace fault may map it (rfc1 faultability; shared in rfc2/inplace; INIT_SHARED upstream).
  public static let faultableBit: UInt32 = 1 << 1
  /// A folio covering the index is in the filemap.
  public static let allocatedBit: UInt32 = 1 << 2
  /// The folio is uptodate: zeroed (upstream, inplace) or prepared (rfc1, patch 30).
  public static let uptodateBit: UInt32 = 1 << 3
  /// At least one long-term GUP pin.
  public static let pinnedBit: UInt32 = 1 << 4
  /// Bits 5–6: the SPTE level mapping the gfn bound to this page.
  public static let spteShift: UInt32 = 5
  /// Mask of the SPTE level.
  public static let spteMask: UInt32 = 3 << 5
  /// Bits 8–15: a host PTE maps the page in process 1...8.
  public static let mappedMask: UInt32 = 0xff << 8
  /// Mask of the content byte.
  public static let contentMask: UInt32 = 0xff << 16

  /// The bit of process `p` (1...8) in the mapped mask.
  @inlinable public static func mappedBit(process p: Int) -> UInt32 { 1 << UInt32(7 + p) }

  /// A hole with the given attribute and faultability.
  public static func hole(private isPrivate: Bool, faultable: Bool) -> PageState {
    PageState(raw: (isPrivate ? privateBit : 0) | (faultable ? faultableBit : 0))
  }

  @inlinable func has(_ bit: UInt32) -> Bool { raw & bit != 0 }
  @inlinable mutating func set(_ bit: UInt32, _ on: Bool) { raw = on ? raw | bit : raw & ~bit }

  /// PRIVATE attribute.
  public var isPrivate: Bool {
    @inlinable get { has(Self.privateBit) }
    @inlinable set { set(Self.privateBit, newValue) }
  }
  /// Host-faultable.
  public var isFaultable: Bool {
    @inlinable get { has(Self.faultableBit) }
    @inlinable set { set(Self.faultableBit, newValue) }
  }
  /// In the filemap.
  public var isAllocated: Bool {
    @inlinable get { has(Self.allocatedBit) }
    @inlinable set { set(Self.allocatedBit, newValue) }
  }
  /// Uptodate (zeroed or prepared).
  public var isUptodate: Bool {
    @inlinable get { has(Self.uptodateBit) }
    @inlinable set { set(Self.uptodateBit, newValue) }
  }
  /// Long-term pinned.
  public var isPinned: Bool {
    @inlinable get { has(Self.pinnedBit) }
    @inlinable set { set(Self.pinnedBit, newValue) }
  }
  /// The SPTE level mapping this page's gfn.
  public var spte: SPTELevel {
    @inlinable get { SPTELevel(rawValue: UInt16((raw & Self.spteMask) >> Self.spteShift)) ?? .none }
    @inlinable set { raw = (raw & ~Self.spteMask) | (UInt32(newValue.rawValue) << Self.spteShift) }
  }
  /// The processes mapping the page, as bits (bit 0 = process 1).
  public var mappedProcesses: UInt8 {
    @inlinable get { UInt8((raw & Self.mappedMask) >> 8) }
    @inlinable set { raw = (raw & ~Self.mappedMask) | (UInt32(newValue) << 8) }
  }
  /// Mapped by any process.
  @inlinable public var isMapped: Bool { raw & Self.mappedMask != 0 }
  /// The content byte.
  public var content: UInt8 {
    @inlinable get { UInt8((raw & Self.contentMask) >> 16) }
    @inlinable set { raw = (raw & ~Self.contentMask) | (UInt32(newValue) << 16) }
  }
  /// True when process `p` maps the page.
  @inlinable public func isMapped(by p: Int) -> Bool { has(Self.mappedBit(process: p)) }
}

/// Counts of pages per state over a block, a region or the file. `shared` is `pages - private`.
public struct PageCounts: Equatable, Sendable {
  /// Pages counted.
  public var pages = 0
  /// PRIVATE attribute.
  public var `private` = 0
  /// Host-faultable.
  public var faultable = 0
  /// In the filemap.
  public var allocated = 0
  /// Uptodate.
  public var uptodate = 0
  /// Long-term pinned.
  public var pinned = 0
  /// Mapped by an SPTE at any level.
  public var spte = 0
  /// Mapped by a host PTE in any process.
  public var mapped = 0

  /// All zero.
  public init() {}

  /// The counts of `n` pages that all have `state`.
  @inlinable @inline(__always) public init(_ state: PageState, times n: Int) {
    // Branch-free: a conversion builds several of these per page.
    let raw = state.raw
    @inline(__always) func bit(_ mask: UInt32) -> Int { raw & mask == 0 ? 0 : n }
    pages = n
    `private` = bit(PageState.privateBit)
    faultable = bit(PageState.faultableBit)
    allocated = bit(PageState.allocatedBit)
    uptodate = bit(PageState.uptodateBit)
    pinned = bit(PageState.pinnedBit)
    spte = bit(PageState.spteMask)
    mapped = bit(PageState.mappedMask)
  }

  /// Pages with the shared attribute.
  @inlinable public var shared: Int { pages - `private` }

  /// The value of a page counter of `expect count`; nil for the folio and pool counters, which pages do not hold.
  public func value(of name: CounterName) -> Int? {
    switch name {
    case .pages: pages
    case .allocated: allocated
    case .shared: shared
    case .private: `private`
    case .faultable: faultable
    case .mapped: mapped
    case .pinned: pinned
    case .spte: spte
    case .wholeFolios, .splitFolios, .poolFree, .poolResv, .vmemmapRestored: nil
    }
  }

  @inlinable @inline(__always) public static func += (a: inout PageCounts, b: PageCounts) {
    a.pages += b.pages
    a.private += b.private
    a.faultable += b.faultable
    a.allocated += b.allocated
    a.uptodate += b.uptodate
    a.pinned += b.pinned
    a.spte += b.spte
    a.mapped += b.mapped
  }

  @inlinable @inline(__always) public static func -= (a: inout PageCounts, b: PageCounts) {
    a.pages -= b.pages
    a.private -= b.private
    a.faultable -= b.faultable
    a.allocated -= b.allocated
    a.uptodate -= b.uptodate
    a.pinned -= b.pinned
    a.spte -= b.spte
    a.mapped -= b.mapped
  }
}
