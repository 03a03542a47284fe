/// The pages of one 2 MiB block whose pages do not all agree.
///
/// A block that differs from its neighbours in a few pages (the common case: the guest shared a page) is kept
/// *sparse*, as a base state and a short sorted list of exceptions; one that differs in many is kept *dense*,
/// a 16-bit index per page into a palette of the block's states (a block holds few distinct states: the dense
/// worst case, every other page shared, is two), so a dense block costs 1 KiB, not 2. Counts are kept current
/// either way.
final class BlockDetail {
  /// Pages in the block.
  let pageCount: Int
  /// Counts over the block.
  @exclusivity(unchecked) private(set) var counts: PageCounts
  /// Per page, the index of its state in `palette`; empty while sparse.
  @exclusivity(unchecked) private var dense: [UInt16]
  /// The states the dense pages refer to, each once (some may no longer be used).
  @exclusivity(unchecked) private var palette: [PageState]
  /// The state of every page that is not an exception, while sparse.
  @exclusivity(unchecked) private var base: PageState
  /// Sorted exceptions while sparse: `index << 32 | state.raw`.
  @exclusivity(unchecked) private var exceptions: [UInt64]

  /// The store that may change this block in place.
  let owner: PageStore.Owner

  /// Exceptions beyond which a sparse block turns dense.
  static let sparseLimit = 24

  /// A block of `n` pages in `state`, sparse.
  init(uniform state: PageState, count n: Int, owner: PageStore.Owner) {
    pageCount = n
    self.owner = owner
    counts = PageCounts(state, times: n)
    dense = []
    palette = []
    base = state
    exceptions = []
  }

  private init(copying b: BlockDetail, owner: PageStore.Owner) {
    pageCount = b.pageCount
    self.owner = owner
    counts = b.counts
    dense = b.dense
    palette = b.palette
    base = b.base
    exceptions = b.exceptions
  }

  /// Makes this block, dropped from its region, sparse and all `state` again, keeping its arrays' storage.
  func reset(uniform state: PageState) {
    counts = PageCounts(state, times: pageCount)
    dense.removeAll(keepingCapacity: true)
    palette.removeAll(keepingCapacity: true)
    base = state
    exceptions.removeAll(keepingCapacity: true)
  }

  /// A copy for `owner` (its arrays are copied on their first change).
  func clone(owner: PageStore.Owner) -> BlockDetail { BlockDetail(copying: self, owner: owner) }

  private var isSparse: Bool { dense.isEmpty }

  /// Pages that differ from the base state, while sparse.
  var exceptionCount: Int { exceptions.count }

  /// The state of every page that is not an exception, while sparse.
  var baseState: PageState { base }

  /// Calls `body` with each page that is an exception and its state, in order, while sparse.
  func forEachException(_ body: (Int, PageState) -> Void) {
    for e in exceptions { body(Int(e >> 32), PageState(raw: UInt32(truncatingIfNeeded: e))) }
  }

  /// The one state of every page of `local`, or nil when they differ.
  func uniformState(in local: Range<Int>) -> PageState? {
    var state: PageState?
    let run = firstRun(in: local) { _, s in
      state = s
      return true
    }
    return run == local ? state : nil
  }

  /// The position of the exception for page `i`, or where it would go.
  private func position(_ i: Int) -> (Int, Bool) {
    var lo = 0
    var hi = exceptions.count
    let key = UInt64(i)
    while lo < hi {
      let mid = (lo + hi) / 2
      let k = exceptions[mid] >> 32
      if k == key { return (mid, true) }
      if k < key { lo = mid + 1 } else { hi = mid }
    }
    return (lo, false)
  }

  /// The state of page `i`.
  subscript(i: Int) -> PageState {
    if !isSparse { return palette[Int(dense[i])] }
    let (pos, found) = position(i)
    return found ? PageState(raw: UInt32(truncatingIfNeeded: exceptions[pos])) : base
  }

  /// Calls `stop` with runs of equal state over `local` (page indices in the block), in order; returns the
  /// first run for which it is true.
  func firstRun(in local: Range<Int>, _ stop: (Range<Int>, PageState) -> Bool) -> Range<Int>? {
    if !isSparse {
      // Equal indices are equal states (the palette holds each once): a run is a stretch of one index.
      var i = local.lowerBound
      while i < local.upperBound {
        let k = dense[i]
        var end = i + 1
        while end < local.upperBound && dense[end] == k { end += 1 }
        if stop(i..<end, palette[Int(k)]) { return i..<end }
        i = end
      }
      return nil
    }
    var cursor = local.lowerBound
    var (pos, _) = position(local.lowerBound)
    while cursor < local.upperBound {
      let next = pos < exceptions.count ? Int(exceptions[pos] >> 32) : local.upperBound
      let gapEnd = min(next, local.upperBound)
      if cursor < gapEnd {
        if stop(cursor..<gapEnd, base) { return cursor..<gapEnd }
        cursor = gapEnd
      }
      if cursor < local.upperBound && next == cursor {
        let s = PageState(raw: UInt32(truncatingIfNeeded: exceptions[pos]))
        if stop(cursor..<(cursor + 1), s) { return cursor..<(cursor + 1) }
        cursor += 1
        pos += 1
      }
    }
    return nil
  }

  /// Counts over `local`.
  func counts(in local: Range<Int>) -> PageCounts {
    if local.count == pageCount { return counts }
    var c = PageCounts()
    _ = firstRun(in: local) { run, s in
      c += PageCounts(s, times: run.count)
      return false
    }
    return c
  }

  /// Applies `transform` to the pages of `local`.
  func modify(_ local: Range<Int>, _ transform: (inout PageState) -> Void) {
    if isSparse && local.count <= 8 {
      for i in local {
        let old = self[i]
        var t = old
        transform(&t)
        if t != old { setSparse(i, old, t) }
      }
      if exceptions.count > Self.sparseLimit { densify() }
      return
    }
    if isSparse { densify() }
    if palette.count >= Self.paletteLimit { compactPalette() }
    var c = counts
    // `transform` depends only on the state, so it runs once per palette entry met in a row.
    var lastOld = UInt16.max
    var lastNew = UInt16.max
    for i in local {
      let old = dense[i]
      if old != lastOld {
        var t = palette[Int(old)]
        transform(&t)
        lastOld = old
        lastNew = t == palette[Int(old)] ? old : index(of: t)
      }
      if lastNew != old {
        c -= PageCounts(palette[Int(old)], times: 1)
        c += PageCounts(palette[Int(lastNew)], times: 1)
        dense[i] = lastNew
      }
    }
    counts = c
  }

  /// Sets page `i` to `state` and returns its state before: `modify` of one page, with one search while sparse.
  func set(_ i: Int, to state: PageState) -> PageState {
    guard isSparse else {
      let old = self[i]
      if old != state { modify(i..<(i + 1)) { $0 = state } }
      return old
    }
    let (pos, found) = position(i)
    let old = found ? PageState(raw: UInt32(truncatingIfNeeded: exceptions[pos])) : base
    guard old != state else { return old }
    counts -= PageCounts(old, times: 1)
    counts += PageCounts(state, times: 1)
    if state == base {
      exceptions.remove(at: pos)
    } else if found {
      exceptions[pos] = UInt64(i) << 32 | UInt64(state.raw)
    } else {
      exceptions.insert(UInt64(i) << 32 | UInt64(state.raw), at: pos)
      if exceptions.count > Self.sparseLimit { densify() }
    }
    return old
  }

  private func setSparse(_ i: Int, _ old: PageState, _ new: PageState) {
    counts -= PageCounts(old, times: 1)
    counts += PageCounts(new, times: 1)
    let (pos, found) = position(i)
    if new == base {
      if found { exceptions.remove(at: pos) }
    } else if found {
      exceptions[pos] = UInt64(i) << 32 | UInt64(new.raw)
    } else {
      exceptions.insert(UInt64(i) << 32 | UInt64(new.raw), at: pos)
    }
  }

  private func densify() {
    palette = [base]
    var pages = Array(repeating: UInt16(0), count: pageCount)
    for e in exceptions { pages[Int(e >> 32)] = index(of: PageState(raw: UInt32(truncatingIfNeeded: e))) }
    dense = pages
    exceptions = []
  }

  /// The palette index of `state`, added when new.
  private func index(of state: PageState) -> UInt16 {
    if let k = palette.firstIndex(of: state) { return UInt16(k) }
    palette.append(state)
    return UInt16(palette.count - 1)
  }

  /// States a palette holds before `modify` drops unused ones.
  static let paletteLimit = 64

  /// Keeps only the states some page uses, in first-use order.
  private func compactPalette() {
    var remap = [UInt16](repeating: .max, count: palette.count)
    var kept: [PageState] = []
    for i in 0..<dense.count {
      let k = Int(dense[i])
      if remap[k] == .max {
        remap[k] = UInt16(kept.count)
        kept.append(palette[k])
      }
      dense[i] = remap[k]
    }
    palette = kept
  }

  /// The one state of every page, or nil when they differ.
  func uniformState(mayBeUniform: Bool) -> PageState? {
    if isSparse { return exceptions.isEmpty ? base : nil }
    guard mayBeUniform, let first = dense.first else { return nil }
    return dense.withUnsafeBufferPointer { buffer in
      var differ: UInt16 = 0
      for k in buffer { differ |= k ^ first }
      return differ == 0 ? palette[Int(first)] : nil
    }
  }

  /// Recounts the pages; for the invariant checker.
  func recount() -> PageCounts {
    var c = PageCounts()
    _ = firstRun(in: 0..<pageCount) { run, s in
      c += PageCounts(s, times: run.count)
      return false
    }
    return c
  }

  /// Heap bytes, roughly.
  var approximateBytes: Int { 128 + dense.capacity * 2 + palette.capacity * 4 + exceptions.capacity * 8 + 48 }
}
