// Details a store dropped, kept for the next region or block that needs one: a page that goes shared and back (the
// commonest conversion) would otherwise allocate a region's and a block's detail and free them every time.
extension PageStore {
  /// Spare block details kept at most.
  static let spareBlockLimit = 8

  /// A detail for region of `n` pages all in `state`: the spare when there is one.
  func newRegionDetail(pages n: Int, state: PageState) -> RegionDetail {
    let blockCount = (n + Geometry.pagesPerBlock - 1) / Geometry.pagesPerBlock
    if let spare = spareRegion, spare.blockCount == blockCount {
      spareRegion = nil
      spare.reset(state: state, counts: PageCounts(state, times: n))
      return spare
    }
    return RegionDetail(blockCount: blockCount, state: state, counts: PageCounts(state, times: n), owner: owner)
  }

  /// A sparse detail for a block (or a sparse region) of `n` pages all in `state`: a spare when there is one.
  func newBlockDetail(pages n: Int, state: PageState) -> BlockDetail {
    if n > Geometry.pagesPerBlock, let spare = spareSparseRegion, spare.pageCount == n {
      spareSparseRegion = nil
      spare.reset(uniform: state)
      return spare
    }
    if let spare = spareBlocks.last, spare.pageCount == n {
      spareBlocks.removeLast()
      spare.reset(uniform: state)
      return spare
    }
    return BlockDetail(uniform: state, count: n, owner: owner)
  }

  /// Keeps `detail`, just dropped from the regions, when this store made it: no copy shares it then (a copy
  /// takes a new owner token), so nothing else refers to it.
  func keepSpare(_ detail: RegionDetail) {
    if detail.owner === owner { spareRegion = detail }
  }

  /// Keeps `block`, just dropped from its region (or a sparse region's pages, just dropped), when this store made it.
  func keepSpare(_ block: BlockDetail) {
    guard block.owner === owner else { return }
    if block.pageCount > Geometry.pagesPerBlock {
      spareSparseRegion = block
    } else if spareBlocks.count < Self.spareBlockLimit {
      spareBlocks.append(block)
    }
  }
}
