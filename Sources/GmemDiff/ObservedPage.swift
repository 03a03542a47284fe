import GmemModel

/// The part of a page's state that the running kernel lets a process observe without changing it
/// (kernel-here.md §3, §4, §5): allocated (cachestat), uptodate (mincore), mapped by this process (pagemap) and
/// pinned; and the private attribute, which KVM has no call to read back but which is what the kvm backend set
/// (KVM_SET_MEMORY_ATTRIBUTES applies a range whole or not at all). Faultability, SPTEs and content are not part
/// of it.
public struct ObservedPage: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8

  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// In the page cache: cachestat counts it.
  public static let allocated = ObservedPage(rawValue: 1 << 0)
  /// PG_uptodate, which mincore reports on a guest_memfd mapping: zeroed by a fault or a guest access, not by
  /// fallocate (kernel-here.md §3).
  public static let uptodate = ObservedPage(rawValue: 1 << 1)
  /// Present in process 1's page tables (pagemap bit 63).
  public static let mapped = ObservedPage(rawValue: 1 << 2)
  /// Held by a long-term pin.
  public static let pinned = ObservedPage(rawValue: 1 << 3)
  /// The gfn bound to the page is private (KVM_MEMORY_ATTRIBUTE_PRIVATE).
  public static let `private` = ObservedPage(rawValue: 1 << 4)

  /// What of `state` the kernel could observe under `observability`.
  @inlinable public init(_ state: PageState, _ observability: Observability) {
    var bits: UInt8 = 0
    let mapped = state.isMapped(by: 1)
    if observability.uptodateVisible && state.isUptodate { bits |= Self.uptodate.rawValue }
    if mapped { bits |= Self.mapped.rawValue }
    if state.isPinned { bits |= Self.pinned.rawValue }
    if state.isPrivate { bits |= Self.private.rawValue }
    // Without an fd there is no cachestat: a page counts as allocated when mincore or pagemap show it.
    let allocated =
      observability.allocationVisible
      ? state.isAllocated : (observability.uptodateVisible && state.isUptodate) || mapped
    if allocated { bits |= Self.allocated.rawValue }
    self.init(rawValue: bits)
  }

  /// `private allocated uptodate mapped pinned`, or `hole`: the words that hold.
  public var words: String {
    var w = contains(.private) ? ["private"] : []
    w.append(contains(.allocated) ? "allocated" : "hole")
    if contains(.uptodate) { w.append("uptodate") }
    if contains(.mapped) { w.append("mapped") }
    if contains(.pinned) { w.append("pinned") }
    return w.joined(separator: " ")
  }
}
