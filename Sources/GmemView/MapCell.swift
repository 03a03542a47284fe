import GmemModel

/// What one map cell shows: a page, or an aggregate of pages (a 2 MiB block, a 1 GiB region, several regions).
public struct MapCell: Equatable, Sendable {
  /// The page's category, or for an aggregate the category most of its pages fall in.
  public var category: PageCategory
  /// The folio shape: `whole` only when every folio the cell covers is one whole huge folio.
  public var shape: FolioShape
  /// True when the pages differ in some state (an aggregate that must not look pure).
  public var isMixed: Bool
  /// True for a cell of exactly one page (the page zoom), which shows an SPTE's level.
  public var isPage: Bool
  /// The SPTE level of a page cell.
  public var spteLevel: SPTELevel
  /// True when an invariant violation lies in the cell.
  public var isViolation: Bool

  /// A cell with the given contents.
  public init(
    category: PageCategory, shape: FolioShape, isMixed: Bool = false, isPage: Bool = false,
    spteLevel: SPTELevel = .none, isViolation: Bool = false
  ) {
    self.category = category
    self.shape = shape
    self.isMixed = isMixed
    self.isPage = isPage
    self.spteLevel = spteLevel
    self.isViolation = isViolation
  }

  /// The cell of one page.
  public init(page s: PageState, shape: FolioShape, orphans: Int) {
    let category: PageCategory = !s.isAllocated && orphans > 0 ? .orphan : PageCategory(s)
    self.init(category: category, shape: shape, isPage: true, spteLevel: s.spte)
  }

  /// True when every flag a map shows is the same on all `c.pages` pages.
  @inlinable public static func isUniform(_ c: PageCounts) -> Bool {
    @inline(__always) func edge(_ v: Int) -> Bool { v == 0 || v == c.pages }
    return edge(c.allocated) && edge(c.private) && edge(c.faultable) && edge(c.pinned) && edge(c.mapped)
      && edge(c.spte)
  }

  /// The style the cell is drawn in (before cursor, selection and flash).
  public var style: Style {
    if isViolation { return .violation }
    return isMixed ? .mixed : category.style
  }
}
