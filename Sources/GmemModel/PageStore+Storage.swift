// How a PageStore keeps its pages: a region or a block is one state, or holds its parts.
extension PageStore {
  /// A 1 GiB region: one state for all its pages, one state but a few pages, or its blocks.
  enum Region {
    case uniform(PageState)
    /// A state and up to `BlockDetail.sparseLimit` pages that differ, as one sparse `BlockDetail` the size of the
    /// region: the commonest detail by far (a guest shares a page or two of a folio), which `set(page:to:)` keeps
    /// without a block detail, and a range change turns into `detailed` first.
    case sparse(BlockDetail)
    case detailed(RegionDetail)
  }

  /// A 2 MiB block: one state for all its pages, or each page's.
  enum Block {
    case uniform(PageState)
    case detailed(BlockDetail)
  }

  /// Marks the region and block details one store may change in place. A detail made by another store (or by
  /// this one before a `copy()`) may be shared, so it is cloned before it changes.
  final class Owner {}

  /// A region's blocks: uniform ones as plain values, detailed ones in a dense array indexed through a bitmask
  /// (the position of block `b` is the number of detailed blocks before it), so making and dropping a region
  /// costs no per-block reference counting and a lookup no hashing.
  final class RegionDetail {
    @exclusivity(unchecked) var uniform: [PageState]
    @exclusivity(unchecked) var detailedMask: [UInt64]
    @exclusivity(unchecked) var details: [BlockDetail]
    @exclusivity(unchecked) var counts: PageCounts
    /// The store that may change this detail in place.
    let owner: Owner

    init(
      uniform: [PageState], detailedMask: [UInt64], details: [BlockDetail], counts: PageCounts, owner: Owner
    ) {
      self.uniform = uniform
      self.detailedMask = detailedMask
      self.details = details
      self.counts = counts
      self.owner = owner
    }

    convenience init(blockCount: Int, state: PageState, counts: PageCounts, owner: Owner) {
      self.init(
        uniform: Array(repeating: state, count: blockCount),
        detailedMask: Array(repeating: 0, count: 8), details: [],
        counts: counts, owner: owner)
    }

    /// A copy for `owner` that shares the block details (each is cloned when it changes) and the arrays (copied
    /// on their first change).
    func clone(owner: Owner) -> RegionDetail {
      RegionDetail(
        uniform: uniform, detailedMask: detailedMask, details: details, counts: counts, owner: owner)
    }

    var blockCount: Int { uniform.count }

    /// Makes this detail, which no block of holds detail (as when its region was made uniform), all `state`.
    func reset(state: PageState, counts: PageCounts) {
      if uniform.first != state {
        uniform.withUnsafeMutableBufferPointer { $0.update(repeating: state) }
      }
      self.counts = counts
    }

    @inline(__always) private func isDetailed(_ b: Int) -> Bool {
      detailedMask[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// The index in `details` of block `b` (or where it would go).
    @inline(__always) private func position(_ b: Int) -> Int {
      var n = 0
      let word = b >> 6
      for w in 0..<word { n += detailedMask[w].nonzeroBitCount }
      n += (detailedMask[word] & ((1 << UInt64(b & 63)) - 1)).nonzeroBitCount
      return n
    }

    subscript(b: Int) -> Block {
      get {
        isDetailed(b) ? .detailed(details[position(b)]) : .uniform(uniform[b])
      }
      set {
        switch newValue {
        case .uniform(let s):
          uniform[b] = s
          if isDetailed(b) {
            details.remove(at: position(b))
            detailedMask[b >> 6] &= ~(1 << UInt64(b & 63))
          }
        case .detailed(let d):
          if isDetailed(b) {
            details[position(b)] = d
          } else {
            details.insert(d, at: position(b))
            detailedMask[b >> 6] |= 1 << UInt64(b & 63)
          }
        }
      }
    }

    /// True when no block is detailed.
    var allBlocksUniform: Bool { details.isEmpty }
  }
}
