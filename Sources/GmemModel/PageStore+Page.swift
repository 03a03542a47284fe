// Changing one page: the commonest change (a guest converts a 4 KiB page), which keeps a region that differs in a
// few pages sparse instead of giving it blocks.
extension PageStore {
  /// Sets page `p` to `state`: `modify` of one page, without its walk over blocks.
  func set(page p: Int, to state: PageState) {
    let r = p / Geometry.pagesPerRegion
    let local = p - r * Geometry.pagesPerRegion
    let detail: RegionDetail
    switch regions[r] {
    case .uniform(let s):
      guard s != state else { return }
      let n = pages(inRegion: r)
      if n == 1 {
        regions[r] = .uniform(state)
        note(from: s, to: state)
        return
      }
      let sparse = newBlockDetail(pages: n, state: s)
      _ = sparse.set(local, to: state)
      regions[r] = .sparse(sparse)
      note(from: s, to: state)
      return
    case .sparse(let bd):
      let sparse = bd.owner === owner ? bd : bd.clone(owner: owner)
      // At its limit, a sparse region takes one page more only as blocks.
      let full = sparse.exceptionCount == BlockDetail.sparseLimit && state != sparse.baseState
      if !full || sparse[local] != sparse.baseState {
        let old = sparse.set(local, to: state)
        guard old != state else { return }
        if sparse.exceptionCount == 0 {
          regions[r] = .uniform(state)
          keepSpare(sparse)
        } else if sparse !== bd {
          regions[r] = .sparse(sparse)
        }
        note(from: old, to: state)
        return
      }
      detail = blocks(ofSparse: sparse, region: r)
      regions[r] = .detailed(detail)
    case .detailed(let d):
      if d.owner === owner {
        detail = d
      } else {
        detail = d.clone(owner: owner)
        regions[r] = .detailed(detail)
      }
    }
    let old = set(local, of: detail, region: r, to: state)
    guard old != state else { return }
    detail.counts -= PageCounts(old, times: 1)
    detail.counts += PageCounts(state, times: 1)
    note(from: old, to: state)
    compact(region: r, detail)
  }

  /// Counts one page that changed from `old` to `new` in the file's totals.
  private func note(from old: PageState, to new: PageState) {
    totals -= PageCounts(old, times: 1)
    totals += PageCounts(new, times: 1)
  }

  /// The blocks of region `r`, whose pages are `sparse`'s, in a detail this store owns.
  func blocks(ofSparse sparse: BlockDetail, region r: Int) -> RegionDetail {
    let detail = newRegionDetail(pages: pages(inRegion: r), state: sparse.baseState)
    sparse.forEachException { i, state in _ = set(i, of: detail, region: r, to: state) }
    detail.counts = sparse.counts
    if sparse.owner === owner { keepSpare(sparse) }
    return detail
  }

  /// Sets page `local` of region `r`'s `detail` (owned by this store) to `state` in its block, leaving the region's
  /// counts to the caller; returns the page's state before.
  private func set(_ local: Int, of detail: RegionDetail, region r: Int, to state: PageState) -> PageState {
    let b = local / Geometry.pagesPerBlock
    let i = local - b * Geometry.pagesPerBlock
    switch detail[b] {
    case .uniform(let s):
      guard s != state else { return s }
      let n = pages(inBlock: r * Geometry.blocksPerRegion + b)
      if n == 1 {
        detail[b] = .uniform(state)
      } else {
        let block = newBlockDetail(pages: n, state: s)
        _ = block.set(i, to: state)
        detail[b] = .detailed(block)
      }
      return s
    case .detailed(let bd):
      let block = bd.owner === owner ? bd : bd.clone(owner: owner)
      let old = block.set(i, to: state)
      guard old != state else { return old }
      if let u = block.uniformState(mayBeUniform: Self.mayBeUniform(block.counts)) {
        detail[b] = .uniform(u)
        keepSpare(block)
      } else if block !== bd {
        detail[b] = .detailed(block)
      }
      return old
    }
  }
}
