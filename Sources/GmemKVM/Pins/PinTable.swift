import GmemModel

/// The long-term pins the kvm backend took, and which of them the kernel shows as orphans.
///
/// The kernel shows no pin per page: kpagecount is the mapcount and kpageflags has no pinned bit; only VmPin in
/// /proc/self/status sums a process's pins (kernel-here §5). So pins are known from the calls the backend made. An
/// orphan, though, is checked against the kernel after every command: its PFN must still be alive (kpageflags not
/// 0) and mapped nowhere (MMAP clear), as a punched, still-pinned page is.
struct PinTable {
  /// One entry per `pin` that still holds a page, oldest first.
  private var runs: [PinnedRun] = []
  /// Per file page, the orphans that /proc/kpageflags showed alive and unmapped at the last `verifyOrphans`.
  private(set) var verifiedOrphans: [Int: Int] = [:]

  /// True when no pin is held.
  var isEmpty: Bool { runs.isEmpty }

  /// Adds the pins of one `pin`.
  mutating func add(_ run: PinnedRun) { runs.append(run) }

  /// Every pin of file page `page`: what it holds, the PFN it pinned, and the ring fd and slot holding it.
  func pins(at page: Int) -> [(hold: PinnedRun.Hold, frame: UInt64, ring: Int32, slot: Int)] {
    runs.compactMap { run in
      run.slot(of: page).map { (run.hold(at: page), run.frames[page - run.pages.lowerBound], $0.ring, $0.slot) }
    }
  }

  /// The first page of `pages` that no pin holds, neither in the file nor as an orphan.
  func firstUnheld(in pages: Range<Int>) -> Int? {
    var held = [Bool](repeating: false, count: pages.count)
    for run in runs {
      for hold in [PinnedRun.Hold.inFile, .orphan] {
        for covered in run.runs(of: hold) {
          for page in covered.clamped(to: pages) { held[page - pages.lowerBound] = true }
        }
      }
    }
    return held.firstIndex(of: false).map { pages.lowerBound + $0 }
  }

  /// The pages of `pages` that a pin holds in the file, ascending, each once.
  func pinnedInFile(in pages: Range<Int>) -> [Int] {
    var pinned = Set<Int>()
    for run in runs {
      for covered in run.runs(of: .inFile) { pinned.formUnion(covered.clamped(to: pages)) }
    }
    return pinned.sorted()
  }

  /// Marks the pins of `punched` (pages the kernel took out of the file) that still held a page in the file as
  /// orphans; returns those pages, ascending, each once.
  mutating func orphan(_ punched: [Int]) -> [Int] {
    var orphaned = Set<Int>()
    for run in runs {
      orphaned.formUnion(run.orphan(punched.filter { run.pages.contains($0) }))
    }
    return orphaned.sorted()
  }

  /// Drops one pin of every page of `pages` (each must hold one): an orphan first, as the model does, else the
  /// newest pin in the file. Returns the orphans freed.
  mutating func unpin(_ pages: Range<Int>) throws(KVMError) -> Int {
    var released = [[Int]](repeating: [], count: runs.count)
    var orphansFreed = 0
    for page in pages {
      if let r = runs.firstIndex(where: { $0.hold(at: page) == .orphan }) {
        released[r].append(page)
        orphansFreed += 1
      } else if let r = runs.lastIndex(where: { $0.hold(at: page) == .inFile }) {
        released[r].append(page)
      }
    }
    defer { runs.removeAll { !$0.isHolding } }
    for (run, pages) in zip(runs, released) where !pages.isEmpty { try run.unpin(pages) }
    return orphansFreed
  }

  /// Drops every pin: the rings are closed, their pages unpinned.
  mutating func removeAll() {
    runs = []
    verifiedOrphans = [:]
  }

  /// The orphans' pages, ascending, each once.
  var orphanPages: [Int] {
    Set(runs.flatMap { $0.runs(of: .orphan).flatMap { $0 } }).sorted()
  }

  /// Reads /proc/kpageflags for the PFN of every orphan (coalesced) and keeps those the kernel shows alive and
  /// unmapped (kernel-here §5: `0x4002c`, MMAP clear, until unpinned; 0 once freed).
  mutating func verifyOrphans() {
    var pages: [Int] = []
    var frames: [UInt64] = []
    for run in runs {
      for page in run.runs(of: .orphan).joined() {
        pages.append(page)
        frames.append(run.frames[page - run.pages.lowerBound])
      }
    }
    verifiedOrphans = [:]
    guard let flags = KernelPageFlags.read(frames) else { return }
    for (i, page) in pages.enumerated() where frames[i] != 0 && flags[i] != 0 && flags[i] & KernelPageFlags.mmap == 0 {
      verifiedOrphans[page, default: 0] += 1
    }
  }

  /// Marks every page a pin holds in the file as pinned in `store`; such a page is allocated, as the pin keeps it
  /// in the file until a punch takes it out.
  func markPinned(in store: PageStore) {
    for run in runs {
      for pinned in run.runs(of: .inFile) {
        store.modify(pinned) {
          $0.isPinned = true
          $0.isAllocated = true
        }
      }
    }
  }
}
