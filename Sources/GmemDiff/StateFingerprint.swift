import GmemModel

/// Everything a backend's view shows, page contents included, to tell whether a step changed it at all.
struct StateFingerprint: Equatable {
  private var runs: [Range<Int>] = []
  private var states: [UInt32] = []
  private var orphans: [Int] = []
  private var fileSize: UInt64
  private var isOpen: Bool
  private var mappingProcesses: [Int]
  private var memslots: [Memslot]
  private var vmType: VMType?

  /// The state `view` shows now; orphans are read on `pinnedPages`.
  init(_ view: any StateView, pinnedPages: PageRangeSet) {
    fileSize = view.fileSize
    isOpen = view.isOpen
    mappingProcesses = view.mappingProcesses
    memslots = view.memslots
    vmType = view.vmType
    view.forEachRun(in: 0..<view.pageCount) { run, state in
      runs.append(run)
      states.append(state.raw)
    }
    for range in pinnedPages.ranges {
      for p in range.clamped(to: 0..<view.pageCount) { orphans.append(view.orphans(at: p)) }
    }
  }
}
