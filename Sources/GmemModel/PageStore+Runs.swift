// Walking the pages of a range as runs that share one state.
extension PageStore {
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
  func firstRun(in range: Range<Int>, _ stop: (Range<Int>, PageState) -> Bool) -> Range<
    Int
  >? {
    var (p, end) = clamped(range)
    while p < end {
      let (r, regionStart, regionEnd) = regionSpan(at: p, upTo: end)
      switch regions[r] {
      case .uniform(let s):
        if stop(p..<regionEnd, s) { return p..<regionEnd }
        p = regionEnd
      case .sparse(let bd):
        let found = bd.firstRun(in: (p - regionStart)..<(regionEnd - regionStart)) { run, s in
          stop((run.lowerBound + regionStart)..<(run.upperBound + regionStart), s)
        }
        if let found { return (found.lowerBound + regionStart)..<(found.upperBound + regionStart) }
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
}
