import GmemModel

/// Compares what the kernel can observe of two backends' files: page runs walked with `forEachRun` on both views
/// (a uniform region or block is one run, so a sparse 16 GiB file costs a few thousand runs, not 4 M pages), the
/// counters of `expect count` that map to those bits, and the orphans where pages were pinned.
public enum ModelKernelComparison {
  /// The differences between `model` and `kernel`; orphans are compared on `pinnedPages` only (a page can be
  /// orphaned only where it was pinned, kernel-here.md §5).
  public static func difference(
    model: any StateView, kernel: any StateView, pinnedPages: PageRangeSet
  ) -> StateDifference {
    let observability = Observability(kernel: kernel)
    var diff = StateDifference()
    let common = 0..<min(model.pageCount, kernel.pageCount)
    let modelRuns = observedRuns(model, common, observability)
    let kernelRuns = observedRuns(kernel, common, observability)
    forEachDifference(modelRuns, kernelRuns) { run in
      if diff.runs.count < StateDifference.shownRuns { diff.runs.append(run) }
      diff.runCount += 1
    }
    diff.values = counterDifferences(model, kernel, observability)
    for range in pinnedPages.ranges {
      for p in range.clamped(to: common) where model.orphans(at: p) != kernel.orphans(at: p) {
        diff.values.append(
          ValueDifference(
            name: "orphans at \(hex(Geometry.offset(ofPage: p)))", model: UInt64(model.orphans(at: p)),
            kernel: UInt64(kernel.orphans(at: p))))
      }
    }
    return diff
  }

  /// The runs of `view` over `pages` as the kernel would observe them, adjacent equal runs merged.
  static func observedRuns(_ view: any StateView, _ pages: Range<Int>, _ observability: Observability)
    -> [(pages: Range<Int>, state: ObservedPage)]
  {
    var runs: [(pages: Range<Int>, state: ObservedPage)] = []
    view.forEachRun(in: pages) { run, state in
      let observed = ObservedPage(state, observability)
      if let last = runs.last, last.state == observed, last.pages.upperBound == run.lowerBound {
        runs[runs.count - 1].pages = last.pages.lowerBound..<run.upperBound
      } else {
        runs.append((run, observed))
      }
    }
    return runs
  }

  /// Walks two run lists over the same pages together and reports each maximal run where they differ.
  static func forEachDifference(
    _ a: [(pages: Range<Int>, state: ObservedPage)], _ b: [(pages: Range<Int>, state: ObservedPage)],
    _ body: (PageRunDifference) -> Void
  ) {
    var i = 0
    var j = 0
    var pending: PageRunDifference?
    while i < a.count && j < b.count {
      let lower = max(a[i].pages.lowerBound, b[j].pages.lowerBound)
      let upper = min(a[i].pages.upperBound, b[j].pages.upperBound)
      if a[i].state != b[j].state {
        if var p = pending, p.pages.upperBound == lower, p.model == a[i].state, p.kernel == b[j].state {
          p.pages = p.pages.lowerBound..<upper
          pending = p
        } else {
          if let p = pending { body(p) }
          pending = PageRunDifference(pages: lower..<upper, model: a[i].state, kernel: b[j].state)
        }
      }
      if a[i].pages.upperBound == upper { i += 1 }
      if b[j].pages.upperBound == upper { j += 1 }
    }
    if let p = pending { body(p) }
  }

  /// The counters of `expect count` that the kernel's observation covers. `mapped` is compared while only
  /// process 1 maps the model's file (the kernel backend maps in process 1 only).
  static func counterDifferences(_ model: any StateView, _ kernel: any StateView, _ observability: Observability)
    -> [ValueDifference]
  {
    var names: [CounterName] = [.pages, .pinned, .private]
    if observability.allocationVisible { names.append(.allocated) }
    if model.mappingProcesses.allSatisfy({ $0 == 1 }) { names.append(.mapped) }
    return names.compactMap { name in
      let m = model.counter(name)
      let k = kernel.counter(name)
      return m == k ? nil : ValueDifference(name: "count \(name.rawValue)", model: m, kernel: k)
    }
  }
}
