import GmemModel

/// The state a map cell shows for a page, one of the categories the legend names. A page's flags are folded
/// into one category by precedence: hole, pinned, shared and host-mapped, faultable-but-private,
/// shared-but-unfaultable, private with an SPTE, shared, private.
public enum PageCategory: UInt8, CaseIterable, Sendable {
  /// Not allocated.
  case hole
  /// Private and not faultable: the guest's memory, no SPTE yet.
  case `private`
  /// Shared and faultable, not host-mapped.
  case shared
  /// Shared and mapped by a host PTE.
  case sharedMapped
  /// Faultable but private (RFC1 faultability lets the two disagree).
  case faultablePrivate
  /// Shared but not faultable.
  case sharedUnfaultable
  /// Long-term pinned.
  case pinned
  /// Private and mapped by an SPTE.
  case spte
  /// A hole whose page was punched while pinned: orphaned, still alive.
  case orphan

  /// The category of one page.
  @inlinable public init(_ s: PageState) {
    if !s.isAllocated {
      self = .hole
    } else if s.isPinned {
      self = .pinned
    } else if s.isMapped {
      self = s.isPrivate ? .faultablePrivate : .sharedMapped
    } else if s.isPrivate {
      self = s.isFaultable ? .faultablePrivate : (s.spte != .none ? .spte : .private)
    } else {
      self = s.isFaultable ? .shared : .sharedUnfaultable
    }
  }

  /// The category most pages of an aggregate fall in, from its per-flag counts: each flag is taken as set
  /// when more than half the pages have it.
  @inlinable public init(majorityOf c: PageCounts) {
    var s = PageState(raw: 0)
    let half = c.pages / 2
    s.isAllocated = c.allocated > half
    s.isPrivate = c.private > half
    s.isFaultable = c.faultable > half
    s.isPinned = c.pinned > half
    if c.mapped > half { s.mappedProcesses = 1 }
    if c.spte > half { s.spte = .pte4K }
    self.init(s)
  }

  /// The style that colours it.
  public var style: Style {
    switch self {
    case .hole: .hole
    case .private: .private
    case .shared: .shared
    case .sharedMapped: .sharedMapped
    case .faultablePrivate: .faultablePrivate
    case .sharedUnfaultable: .sharedUnfaultable
    case .pinned: .pinned
    case .spte: .spte
    case .orphan: .orphan
    }
  }

  /// The legend's words for it.
  public var name: String {
    switch self {
    case .hole: "hole"
    case .private: "private"
    case .shared: "shared"
    case .sharedMapped: "shared+host-mapped"
    case .faultablePrivate: "faultable private"
    case .sharedUnfaultable: "shared unfaultable"
    case .pinned: "pinned"
    case .spte: "private+SPTE"
    case .orphan: "orphan"
    }
  }

  /// A short form for narrow legends.
  public var shortName: String {
    switch self {
    case .hole: "hole"
    case .private: "priv"
    case .shared: "shr"
    case .sharedMapped: "map"
    case .faultablePrivate: "fprv"
    case .sharedUnfaultable: "ushr"
    case .pinned: "pin"
    case .spte: "spte"
    case .orphan: "orph"
    }
  }
}
