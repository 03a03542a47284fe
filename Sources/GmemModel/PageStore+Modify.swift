// Changing the pages of a range, keeping the counts current and uniform regions and blocks one value.
extension PageStore {
  /// Applies `transform` to every page in `range`. `transform` must depend only on the state it is given:
  /// a uniform block or region is transformed once.
  ///
  /// `unchangedWhen`, given the counts of a whole detailed region or block, may say that `transform` changes
  /// none of its pages, so they are skipped without a visit (e.g. `{ $0.uptodate == 0 }` for clearing uptodate).
  public func modify(_ range: Range<Int>, _ transform: (inout PageState) -> Void) {
    modify(range, unchangedWhen: nil, transform: transform)
  }

  /// `modify`, skipping every detailed region or block whose counts satisfy `unchangedWhen`.
  public func modify(
    _ range: Range<Int>, unchangedWhen: ((PageCounts) -> Bool)?, transform: (inout PageState) -> Void
  ) {
    var (p, end) = clamped(range)
    while p < end {
      let (r, regionStart, regionEnd) = regionSpan(at: p, upTo: end)
      modifyRegion(r, (p - regionStart)..<(regionEnd - regionStart), unchangedWhen, transform)
      p = regionEnd
    }
  }

  func modifyRegion(
    _ r: Int, _ local: Range<Int>, _ unchangedWhen: ((PageCounts) -> Bool)?,
    _ transform: (inout PageState) -> Void
  ) {
    let n = pages(inRegion: r)
    let detail: RegionDetail
    switch regions[r] {
    case .uniform(let s):
      var t = s
      transform(&t)
      if t == s { return }
      if local.count == n {
        totals -= PageCounts(s, times: n)
        totals += PageCounts(t, times: n)
        regions[r] = .uniform(t)
        return
      }
      detail = newRegionDetail(pages: n, state: s)
      regions[r] = .detailed(detail)
    case .sparse(let bd):
      if let unchangedWhen, unchangedWhen(bd.counts) { return }
      detail = blocks(ofSparse: bd, region: r)
      regions[r] = .detailed(detail)
    case .detailed(let d):
      if let unchangedWhen, unchangedWhen(d.counts) { return }
      if d.owner === owner {
        detail = d
      } else {
        detail = d.clone(owner: owner)
        regions[r] = .detailed(detail)
      }
    }
    let before = detail.counts
    var p = local.lowerBound
    let firstBlockOfRegion = r * Geometry.blocksPerRegion
    while p < local.upperBound {
      let b = p / Geometry.pagesPerBlock
      let blockStart = b * Geometry.pagesPerBlock
      let blockEnd = min(local.upperBound, blockStart + Geometry.pagesPerBlock)
      modifyBlock(
        detail, b, pages(inBlock: firstBlockOfRegion + b),
        (p - blockStart)..<(blockEnd - blockStart), unchangedWhen,
        transform)
      p = blockEnd
    }
    totals -= before
    totals += detail.counts
    compact(region: r, detail)
  }

  /// Changes `local` of block `b` of `region`, which this store owns (`modifyRegion` cloned it when shared).
  func modifyBlock(
    _ region: RegionDetail, _ b: Int, _ n: Int, _ local: Range<Int>,
    _ unchangedWhen: ((PageCounts) -> Bool)?,
    _ transform: (inout PageState) -> Void
  ) {
    let block: BlockDetail
    switch region[b] {
    case .uniform(let s):
      var t = s
      transform(&t)
      if t == s { return }
      if local.count == n {
        region.counts -= PageCounts(s, times: n)
        region.counts += PageCounts(t, times: n)
        region[b] = .uniform(t)
        return
      }
      block = newBlockDetail(pages: n, state: s)
      region[b] = .detailed(block)
    case .detailed(let bd):
      if let unchangedWhen, unchangedWhen(bd.counts) { return }
      if bd.owner === owner {
        block = bd
      } else {
        block = bd.clone(owner: owner)
        region[b] = .detailed(block)
      }
    }
    let before = block.counts
    block.modify(local, transform)
    region.counts -= before
    region.counts += block.counts
    if let s = block.uniformState(mayBeUniform: Self.mayBeUniform(block.counts)) {
      region[b] = .uniform(s)
      keepSpare(block)
    }
  }

  func compact(region r: Int, _ detail: RegionDetail) {
    guard Self.mayBeUniform(detail.counts), detail.allBlocksUniform,
      let first = detail.uniform.first,
      Self.allEqual(detail.uniform, first)
    else { return }
    regions[r] = .uniform(first)
    keepSpare(detail)
  }

  /// True when every element equals `value`: a branch-free scan the compiler vectorizes.
  static func allEqual(_ states: [PageState], _ value: PageState) -> Bool {
    states.withUnsafeBufferPointer { buffer in
      var differ: UInt32 = 0
      for s in buffer { differ |= s.raw ^ value.raw }
      return differ == 0
    }
  }

  /// False when the counts prove the pages differ (some flag is on for some but not all of them).
  static func mayBeUniform(_ c: PageCounts) -> Bool {
    func edge(_ v: Int) -> Bool { v == 0 || v == c.pages }
    return edge(c.private) && edge(c.faultable) && edge(c.allocated) && edge(c.uptodate)
      && edge(c.pinned)
      && edge(c.spte) && edge(c.mapped)
  }
}
