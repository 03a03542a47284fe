// Counts and uniform states of regions, blocks and ranges, and a recount that audits them.
extension PageStore {
  /// Counts over region `r`, O(1).
  public func counts(region r: Int) -> PageCounts {
    switch regions[r] {
    case .uniform(let s): PageCounts(s, times: pages(inRegion: r))
    case .sparse(let bd): bd.counts
    case .detailed(let d): d.counts
    }
  }

  /// Counts over block `b` (file-wide index), O(1).
  public func counts(block b: Int) -> PageCounts {
    let r = b / Geometry.blocksPerRegion
    switch regions[r] {
    case .uniform(let s): return PageCounts(s, times: pages(inBlock: b))
    case .sparse(let bd): return bd.counts(in: localRange(block: b))
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
    case .sparse(let bd): return bd.uniformState(in: localRange(block: b))
    case .detailed(let d):
      if case .uniform(let s) = d[b % Geometry.blocksPerRegion] { return s }
      return nil
    }
  }

  /// The pages of block `b` (a file-wide index) within its region.
  func localRange(block b: Int) -> Range<Int> {
    let first = (b % Geometry.blocksPerRegion) * Geometry.pagesPerBlock
    return first..<(first + pages(inBlock: b))
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
    // A 1 GiB folio is a region.
    if range.count == Geometry.pagesPerRegion, range.lowerBound % Geometry.pagesPerRegion == 0,
      range.upperBound <= pageCount
    {
      return counts(region: range.lowerBound / Geometry.pagesPerRegion)
    }
    var c = PageCounts()
    var (p, end) = clamped(range)
    while p < end {
      let (r, regionStart, regionEnd) = regionSpan(at: p, upTo: end)
      switch regions[r] {
      case .uniform(let s):
        c += PageCounts(s, times: regionEnd - p)
        p = regionEnd
      case .sparse(let bd):
        c += bd.counts(in: (p - regionStart)..<(regionEnd - regionStart))
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

  /// Recounts every stored counter from the pages and names each one that disagrees.
  public func auditCounts() -> [String] {
    var problems: [String] = []
    var total = PageCounts()
    for (r, region) in regions.enumerated() {
      switch region {
      case .uniform(let s):
        total += PageCounts(s, times: pages(inRegion: r))
      case .sparse(let bd):
        let c = bd.recount()
        if c != bd.counts { problems.append("region \(r): stored counts \(bd.counts) != \(c)") }
        if bd.exceptionCount == 0 { problems.append("region \(r): sparse with no page that differs") }
        total += c
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

  /// Blocks that hold their pages one by one (not one state): the work a copy or a full walk does per page. The
  /// blocks of a sparse region that hold one of its exceptions count too.
  public var detailedBlockCount: Int {
    regions.reduce(0) { n, region in
      switch region {
      case .uniform: return n
      case .detailed(let d): return n + d.details.count
      case .sparse(let bd):
        var blocks = 0
        var last = -1
        bd.forEachException { i, _ in
          if i / Geometry.pagesPerBlock != last { blocks += 1 }
          last = i / Geometry.pagesPerBlock
        }
        return n + blocks
      }
    }
  }

  /// Bytes of heap this store holds, roughly: for benchmarks and the memory budget.
  public var approximateBytes: Int {
    var bytes = regions.count * 16
    for region in regions {
      switch region {
      case .uniform: continue
      case .sparse(let bd): bytes += bd.approximateBytes
      case .detailed(let d):
        bytes += 160 + d.blockCount * 4
        for b in d.details { bytes += b.approximateBytes }
      }
    }
    return bytes
  }
}
