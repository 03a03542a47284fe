/// Every page of the file, stored so that a uniform folio costs one value (ARCHITECTURE.md "State
/// representation").
///
/// The file is cut into 1 GiB regions of 512 blocks of 512 pages. A region whose pages all agree is one
/// `PageState`; otherwise it holds its blocks, and a block whose pages all agree is again one value. Counts per
/// block, per region and for the file are kept current on every change, so any aggregate is O(1).
public final class PageStore {
  /// Pages in the file.
  public let pageCount: Int
  @exclusivity(unchecked) private var regions: [Region]
  /// Counts over the whole file.
  @exclusivity(unchecked) public private(set) var totals: PageCounts

  private enum Region {
    case uniform(PageState)
    case detailed(RegionDetail)
  }

  private enum Block {
    case uniform(PageState)
    case detailed(BlockDetail)
  }

  /// A region's blocks: uniform ones as plain values, detailed ones in a dense array indexed through a bitmask
  /// (the position of block `b` is the number of detailed blocks before it), so making and dropping a region
  /// costs no per-block reference counting and a lookup no hashing.
  private final class RegionDetail {
    @exclusivity(unchecked) var uniform: [PageState]
    @exclusivity(unchecked) var detailedMask: [UInt64]
    @exclusivity(unchecked) var details: [BlockDetail]
    @exclusivity(unchecked) var counts: PageCounts

    init(uniform: [PageState], detailedMask: [UInt64], details: [BlockDetail], counts: PageCounts) {
      self.uniform = uniform
      self.detailedMask = detailedMask
      self.details = details
      self.counts = counts
    }

    convenience init(blockCount: Int, state: PageState, counts: PageCounts) {
      self.init(
        uniform: Array(repeating: state, count: blockCount),
        detailedMask: Array(repeating: 0, count: 8), details: [],
        counts: counts)
    }

    var blockCount: Int { uniform.count }

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

  /// A file of `pageCount` pages, all in `state`.
  public init(pageCount: Int, state: PageState) {
    self.pageCount = pageCount
    let regionCount = (pageCount + Geometry.pagesPerRegion - 1) / Geometry.pagesPerRegion
    regions = Array(repeating: .uniform(state), count: regionCount)
    totals = PageCounts(state, times: pageCount)
  }

  private init(pageCount: Int, regions: [Region], totals: PageCounts) {
    self.pageCount = pageCount
    self.regions = regions
    self.totals = totals
  }

  /// A deep copy: later changes to either store do not show in the other.
  public func copy() -> PageStore {
    let copied: [Region] = regions.map { region in
      switch region {
      case .uniform: return region
      case .detailed(let d):
        let details = d.details.map { $0.copy() }
        return .detailed(
          RegionDetail(
            uniform: d.uniform, detailedMask: d.detailedMask, details: details, counts: d.counts))
      }
    }
    return PageStore(pageCount: pageCount, regions: copied, totals: totals)
  }

  /// Regions (1 GiB each, the last one possibly partial).
  public var regionCount: Int { regions.count }

  /// Blocks (2 MiB each, the last one possibly partial).
  public var blockCount: Int { (pageCount + Geometry.pagesPerBlock - 1) / Geometry.pagesPerBlock }

  /// Pages in region `r`.
  @inlinable public func pages(inRegion r: Int) -> Int {
    min(Geometry.pagesPerRegion, pageCount - r * Geometry.pagesPerRegion)
  }

  /// Pages in block `b` (a file-wide block index).
  @inlinable public func pages(inBlock b: Int) -> Int {
    min(Geometry.pagesPerBlock, pageCount - b * Geometry.pagesPerBlock)
  }

  /// The state of page `p`.
  public func state(at p: Int) -> PageState {
    let r = p / Geometry.pagesPerRegion
    switch regions[r] {
    case .uniform(let s): return s
    case .detailed(let d):
      let local = p - r * Geometry.pagesPerRegion
      switch d[local / Geometry.pagesPerBlock] {
      case .uniform(let s): return s
      case .detailed(let b): return b[local % Geometry.pagesPerBlock]
      }
    }
  }

  /// Counts over region `r`, O(1).
  public func counts(region r: Int) -> PageCounts {
    switch regions[r] {
    case .uniform(let s): PageCounts(s, times: pages(inRegion: r))
    case .detailed(let d): d.counts
    }
  }

  /// Counts over block `b` (file-wide index), O(1).
  public func counts(block b: Int) -> PageCounts {
    let r = b / Geometry.blocksPerRegion
    switch regions[r] {
    case .uniform(let s): return PageCounts(s, times: pages(inBlock: b))
    case .detailed(let d):
      switch d[b % Geometry.blocksPerRegion] {
      case .uniform(let s): return PageCounts(s, times: pages(inBlock: b))
      case .detailed(let bd): return bd.counts
      }
    }
  }

  /// The one state every page of block `b` has, or nil when they differ.
  public func uniformState(block b: Int) -> PageState? {
    let r = b / Geometry.blocksPerRegion
    switch regions[r] {
    case .uniform(let s): return s
    case .detailed(let d):
      if case .uniform(let s) = d[b % Geometry.blocksPerRegion] { return s }
      return nil
    }
  }

  /// The one state every page of region `r` has, or nil when they differ.
  public func uniformState(region r: Int) -> PageState? {
    if case .uniform(let s) = regions[r] { return s }
    return nil
  }

  /// Counts over any page range: O(1) per whole region or block covered, per page only at ragged ends.
  public func counts(in range: Range<Int>) -> PageCounts {
    if range.count == 1, range.lowerBound >= 0, range.lowerBound < pageCount {
      return PageCounts(state(at: range.lowerBound), times: 1)
    }
    var c = PageCounts()
    var p = max(0, range.lowerBound)
    let end = min(range.upperBound, pageCount)
    while p < end {
      let r = p / Geometry.pagesPerRegion
      let regionStart = r * Geometry.pagesPerRegion
      let regionEnd = min(end, regionStart + Geometry.pagesPerRegion)
      switch regions[r] {
      case .uniform(let s):
        c += PageCounts(s, times: regionEnd - p)
        p = regionEnd
      case .detailed(let d):
        if p == regionStart && regionEnd == regionStart + pages(inRegion: r) {
          c += d.counts
          p = regionEnd
          continue
        }
        while p < regionEnd {
          let b = (p - regionStart) / Geometry.pagesPerBlock
          let blockStart = regionStart + b * Geometry.pagesPerBlock
          let blockEnd = min(regionEnd, blockStart + Geometry.pagesPerBlock)
          switch d[b] {
          case .uniform(let s):
            c += PageCounts(s, times: blockEnd - p)
          case .detailed(let bd):
            c += bd.counts(in: (p - blockStart)..<(blockEnd - blockStart))
          }
          p = blockEnd
        }
      }
    }
    return c
  }

  /// Calls `body` with runs of pages in `range` that share one state; a uniform block or region is one run.
  /// Runs come in increasing order; adjacent runs may have equal states.
  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) {
    _ = firstRun(in: range) { run, s in
      body(run, s)
      return false
    }
  }

  /// The first page in `range` whose state satisfies `predicate`, testing a uniform block or region once.
  public func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    firstRun(in: range) { _, s in predicate(s) }?.lowerBound
  }

  /// True when some page in `range` satisfies `predicate`.
  public func contains(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Bool {
    firstPage(in: range, where: predicate) != nil
  }

  /// Walks runs in order and returns the first run for which `stop` is true.
  @discardableResult
  private func firstRun(in range: Range<Int>, _ stop: (Range<Int>, PageState) -> Bool) -> Range<
    Int
  >? {
    var p = max(0, range.lowerBound)
    let end = min(range.upperBound, pageCount)
    while p < end {
      let r = p / Geometry.pagesPerRegion
      let regionStart = r * Geometry.pagesPerRegion
      let regionEnd = min(end, regionStart + Geometry.pagesPerRegion)
      switch regions[r] {
      case .uniform(let s):
        if stop(p..<regionEnd, s) { return p..<regionEnd }
        p = regionEnd
      case .detailed(let d):
        while p < regionEnd {
          let local = p - regionStart
          let b = local / Geometry.pagesPerBlock
          let blockStart = regionStart + b * Geometry.pagesPerBlock
          let blockEnd = min(regionEnd, blockStart + Geometry.pagesPerBlock)
          switch d[b] {
          case .uniform(let s):
            if stop(p..<blockEnd, s) { return p..<blockEnd }
            p = blockEnd
          case .detailed(let bd):
            let found = bd.firstRun(in: (p - blockStart)..<(blockEnd - blockStart)) { run, s in
              stop((run.lowerBound + blockStart)..<(run.upperBound + blockStart), s)
            }
            if let found {
              return (found.lowerBound + blockStart)..<(found.upperBound + blockStart)
            }
            p = blockEnd
          }
        }
      }
    }
    return nil
  }

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
    var p = max(0, range.lowerBound)
    let end = min(range.upperBound, pageCount)
    while p < end {
      let r = p / Geometry.pagesPerRegion
      let regionStart = r * Geometry.pagesPerRegion
      let regionEnd = min(end, regionStart + Geometry.pagesPerRegion)
      modifyRegion(r, (p - regionStart)..<(regionEnd - regionStart), unchangedWhen, transform)
      p = regionEnd
    }
  }

  private func modifyRegion(
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
      let blockCount = (n + Geometry.pagesPerBlock - 1) / Geometry.pagesPerBlock
      detail = RegionDetail(blockCount: blockCount, state: s, counts: PageCounts(s, times: n))
      regions[r] = .detailed(detail)
    case .detailed(let d):
      if let unchangedWhen, unchangedWhen(d.counts) { return }
      detail = d
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

  private func modifyBlock(
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
      block = BlockDetail(uniform: s, count: n)
      region[b] = .detailed(block)
    case .detailed(let bd):
      if let unchangedWhen, unchangedWhen(bd.counts) { return }
      block = bd
    }
    let before = block.counts
    block.modify(local, transform)
    region.counts -= before
    region.counts += block.counts
    if let s = block.uniformState(mayBeUniform: Self.mayBeUniform(block.counts)) {
      region[b] = .uniform(s)
    }
  }

  private func compact(region r: Int, _ detail: RegionDetail) {
    guard Self.mayBeUniform(detail.counts), detail.allBlocksUniform,
      let first = detail.uniform.first,
      Self.allEqual(detail.uniform, first)
    else { return }
    regions[r] = .uniform(first)
  }

  /// True when every element equals `value`: a branch-free scan the compiler vectorizes.
  private static func allEqual(_ states: [PageState], _ value: PageState) -> Bool {
    states.withUnsafeBufferPointer { buffer in
      var differ: UInt32 = 0
      for s in buffer { differ |= s.raw ^ value.raw }
      return differ == 0
    }
  }

  /// False when the counts prove the pages differ (some flag is on for some but not all of them).
  private static func mayBeUniform(_ c: PageCounts) -> Bool {
    func edge(_ v: Int) -> Bool { v == 0 || v == c.pages }
    return edge(c.private) && edge(c.faultable) && edge(c.allocated) && edge(c.uptodate)
      && edge(c.pinned)
      && edge(c.spte) && edge(c.mapped)
  }

  /// Recounts every stored counter from the pages and names each one that disagrees.
  public func auditCounts() -> [String] {
    var problems: [String] = []
    var total = PageCounts()
    for (r, region) in regions.enumerated() {
      switch region {
      case .uniform(let s):
        total += PageCounts(s, times: pages(inRegion: r))
      case .detailed(let d):
        var sum = PageCounts()
        for b in 0..<d.blockCount {
          switch d[b] {
          case .uniform(let s):
            sum += PageCounts(s, times: pages(inBlock: r * Geometry.blocksPerRegion + b))
          case .detailed(let bd):
            let c = bd.recount()
            if c != bd.counts {
              problems.append(
                "block \(r * Geometry.blocksPerRegion + b): stored counts \(bd.counts) != \(c)")
            }
            sum += c
          }
        }
        if sum != d.counts { problems.append("region \(r): stored counts \(d.counts) != \(sum)") }
        total += sum
      }
    }
    if total != totals { problems.append("file: stored counts \(totals) != \(total)") }
    return problems
  }

  /// Blocks that hold their pages one by one (not one state): the work a copy or a full walk does per page.
  public var detailedBlockCount: Int {
    regions.reduce(0) { n, region in
      if case .detailed(let d) = region { return n + d.details.count }
      return n
    }
  }

  /// Bytes of heap this store holds, roughly: for benchmarks and the memory budget.
  public var approximateBytes: Int {
    var bytes = regions.count * 16
    for region in regions {
      guard case .detailed(let d) = region else { continue }
      bytes += 160 + d.blockCount * 4
      for b in d.details { bytes += b.approximateBytes }
    }
    return bytes
  }
}
