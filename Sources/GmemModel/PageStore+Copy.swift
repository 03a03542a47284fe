// Copies that share what neither side has changed (undo and the timeline keep one per step).
extension PageStore {
  /// A copy: later changes to either store do not show in the other.
  ///
  /// Copy-on-write: both stores share every region and block detail, and each clones one the first time it
  /// changes it, so a copy costs the regions array and a later change what it touches.
  public func copy() -> PageStore {
    owner = Owner()
    // The spares belong to the old token: a detail made from one would be shared with the copy's details.
    spareRegion = nil
    spareBlocks = []
    spareSparseRegion = nil
    return PageStore(pageCount: pageCount, regions: regions, totals: totals)
  }

  /// Region and block details that this store and `other` share (the same objects): what a copy saved.
  func sharedDetailCount(with other: PageStore) -> Int {
    var n = 0
    for (mine, theirs) in zip(regions, other.regions) {
      if case .sparse(let a) = mine, case .sparse(let b) = theirs, a === b { n += 1 }
      guard case .detailed(let a) = mine, case .detailed(let b) = theirs else { continue }
      if a === b { n += 1 }
      let blocks = Set(a.details.map(ObjectIdentifier.init))
      n += b.details.count { blocks.contains(ObjectIdentifier($0)) }
    }
    return n
  }
}
