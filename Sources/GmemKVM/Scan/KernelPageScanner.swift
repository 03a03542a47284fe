import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a guest_memfd's page state back from the kernel without faulting or changing anything, into a `PageStore`:
///
/// - allocated: cachestat per 1 GiB, then per 2 MiB inside non-empty gigabytes, then, inside partly allocated
///   chunks only, by halving down to single pages (kernel-here §3; at most one call per half that is neither
///   empty nor full);
/// - uptodate: mincore on a mapping of the file in this process, when there is one;
/// - mapped (process 1): bit 63 of /proc/PID/pagemap at each area that maps the file in that process, one coalesced
///   pread per area and chunk.
///
/// Only allocated chunks are read with mincore, and pagemap only where mincore saw an uptodate page (or where there
/// is no mincore to ask): a mapped page was faulted in, so it is uptodate, and an uptodate page is in the page cache.
/// Once the fd is closed but a mapping keeps the inode, cachestat has no fd to ask; then every chunk is read with
/// mincore and pagemap, and a page counts as allocated when it is uptodate or mapped (a lower bound).
enum KernelPageScanner {
  /// The page state of a file of `size` bytes. `gmem` is the open fd, if any; `mapping` this process's mapping, if
  /// any. Every page is faultable when `faultable` (INIT_SHARED); no page is private (no memory attributes here).
  static func scan(size: UInt64, gmem: GuestMemfd?, mapping: GuestMemfdMapping?, faultable: Bool) -> PageStore {
    withSources(gmem: gmem, mapping: mapping, faultable: faultable) { scan(size: size, sources: $0) }
  }

  /// Reads `range` of a file of `size` bytes again into `store` (see `scan(into:range:size:sources:reset:)`).
  static func scan(
    into store: PageStore, range: Range<UInt64>, size: UInt64, gmem: GuestMemfd?, mapping: GuestMemfdMapping?,
    faultable: Bool
  ) {
    withSources(gmem: gmem, mapping: mapping, faultable: faultable) {
      scan(into: store, range: range, size: size, sources: $0)
    }
  }

  /// The sources for this process's own file: `gmem` for cachestat, `mapping` for mincore and
  /// /proc/self/pagemap (opened for the call only).
  private static func withSources<T>(
    gmem: GuestMemfd?, mapping: GuestMemfdMapping?, faultable: Bool, _ body: (PageScanSources) -> T
  ) -> T {
    let pagemap = mapping == nil ? -1 : ProcessPagemap.open(pid: nil) ?? -1
    defer { if pagemap >= 0 { closeDescriptor(pagemap) } }
    let vmas = mapping.map { [GuestMemfdVMA(address: $0.address(ofOffset: 0), length: $0.length, fileOffset: 0)] }
    return body(
      PageScanSources(gmem: gmem, residency: mapping?.base, pagemap: pagemap, vmas: vmas ?? [], faultable: faultable))
  }

  /// The page state of a file of `size` bytes, read from `sources`.
  static func scan(size: UInt64, sources: PageScanSources) -> PageStore {
    let hole = PageState.hole(private: false, faultable: sources.faultable)
    let store = PageStore(pageCount: Int(size / GuestMemfd.pageSize), state: hole)
    scan(into: store, range: 0..<size, size: size, sources: sources, reset: false)
    return store
  }

  /// Reads the pages of `range` (widened to whole 2 MiB chunks) of a file of `size` bytes again into `store`, after
  /// an operation that can only have changed them; with `reset`, they are made holes first.
  static func scan(
    into store: PageStore, range: Range<UInt64>, size: UInt64, sources: PageScanSources, reset: Bool = true
  ) {
    let page = GuestMemfd.pageSize
    let chunk = GuestMemfd.scanChunk
    let region = Geometry.regionSize
    let lower = min(range.lowerBound, size) / chunk * chunk
    let upper = min(size, range.upperBound.addingReportingOverflow(chunk - 1).partialValue / chunk * chunk)
    guard lower < upper else { return }
    let hole = PageState.hole(private: false, faultable: sources.faultable)
    if reset { store.modify(Int(lower / page)..<Int(upper / page)) { $0 = hole } }
    var scratch = [UInt64](repeating: 0, count: Int(chunk / page))
    var regionStart = lower / region * region
    while regionStart < upper {
      let from = max(regionStart, lower)
      let to = min(regionStart + region, upper)
      regionStart += region
      // cachestat walks every cached page it counts, so a full region is asked once, not again per chunk.
      var regionFull = false
      if let gmem = sources.gmem {
        let cached = (try? gmem.allocatedPageCount(offset: from, length: to - from)) ?? 0
        if cached == 0 { continue }
        regionFull = cached == (to - from) / page
      }
      var chunkStart = from
      while chunkStart < to {
        let chunkLength = min(chunk, to - chunkStart)
        scanChunk(
          store, offset: chunkStart, length: chunkLength, knownFull: regionFull, sources: sources, hole: hole,
          scratch: &scratch)
        chunkStart += chunkLength
      }
    }
  }

  private static func scanChunk(
    _ store: PageStore, offset: UInt64, length: UInt64, knownFull: Bool, sources: PageScanSources, hole: PageState,
    scratch: inout [UInt64]
  ) {
    let page = GuestMemfd.pageSize
    let pages = Int(length / page)
    var allocated = [Bool](repeating: knownFull, count: pages)
    if let gmem = sources.gmem, !knownFull {
      let cached = (try? gmem.allocatedPageCount(offset: offset, length: length)) ?? 0
      if cached == 0 { return }
      markAllocated(&allocated, 0..<pages, cached: Int(cached), gmem: gmem, chunkOffset: offset)
    }
    var uptodate = [UInt8](repeating: 0, count: pages)
    var present = [UInt64](repeating: 0, count: pages)
    var anyUptodate = true
    if let residency = sources.residency {
      // A failed mincore leaves every page not uptodate.
      let start = residency + Int(offset)
      _ = try? syscall(.call("mincore")) {
        uptodate.withUnsafeMutableBufferPointer { negatedErrno(mincore(start, Int(length), $0.baseAddress)) }
      }
      anyUptodate = uptodate.contains { $0 & 1 != 0 }
    }
    // A page with a PTE was faulted in, so it is uptodate: pagemap only where mincore saw an uptodate page.
    if sources.pagemap >= 0 && anyUptodate {
      for vma in sources.vmas {
        readPresent(&present, chunk: offset..<offset + length, vma: vma, pagemap: sources.pagemap, scratch: &scratch)
      }
    }
    let first = Int(offset / page)
    var runStart = 0
    var runState = hole
    for i in 0..<pages {
      var state = hole
      let isUptodate = uptodate[i] & 1 != 0
      let isMapped = present[i] & ProcessPagemap.present != 0
      state.isAllocated = sources.gmem == nil ? isUptodate || isMapped : allocated[i]
      state.isUptodate = isUptodate
      if isMapped { state.mappedProcesses = 1 }
      if i == 0 {
        runState = state
      } else if state != runState {
        set(store, first + runStart..<first + i, runState, hole: hole)
        runStart = i
        runState = state
      }
    }
    set(store, first + runStart..<first + pages, runState, hole: hole)
  }

  /// ORs into `present` (one entry per page of `chunk`) the pagemap entries of the pages of `chunk` that `vma`
  /// maps: one pread of the area's entries over the overlap.
  private static func readPresent(
    _ present: inout [UInt64], chunk: Range<UInt64>, vma: GuestMemfdVMA, pagemap: Int32, scratch: inout [UInt64]
  ) {
    let page = GuestMemfd.pageSize
    let lower = max(chunk.lowerBound, vma.fileRange.lowerBound)
    let upper = min(chunk.upperBound, vma.fileRange.upperBound)
    guard lower < upper else { return }
    let count = Int((upper - lower) / page)
    let entry = vma.address(ofOffset: lower) / page * 8
    let bytes =
      (try? syscall(.call("pread pagemap")) {
        scratch.withUnsafeMutableBytes { negatedErrno(pread(pagemap, $0.baseAddress, count * 8, off_t(entry))) }
      }) ?? 0
    guard bytes > 0 else { return }
    let firstIndex = Int((lower - chunk.lowerBound) / page)
    for i in 0..<bytes / 8 { present[firstIndex + i] |= scratch[i] }
  }

  /// Marks the allocated pages of `pages` (indices into the chunk), of which `cached` are allocated: a full or empty
  /// range is settled at once, a partial one is halved and only its first half asked (the second is the rest).
  private static func markAllocated(
    _ allocated: inout [Bool], _ pages: Range<Int>, cached: Int, gmem: GuestMemfd, chunkOffset: UInt64
  ) {
    if cached <= 0 { return }
    if cached >= pages.count {
      for i in pages { allocated[i] = true }
      return
    }
    let middle = pages.lowerBound + pages.count / 2
    let first = pages.lowerBound..<middle
    let offset = chunkOffset + UInt64(first.lowerBound) * GuestMemfd.pageSize
    let length = UInt64(first.count) * GuestMemfd.pageSize
    let inFirst = Int((try? gmem.allocatedPageCount(offset: offset, length: length)) ?? 0)
    markAllocated(&allocated, first, cached: inFirst, gmem: gmem, chunkOffset: chunkOffset)
    markAllocated(&allocated, middle..<pages.upperBound, cached: cached - inFirst, gmem: gmem, chunkOffset: chunkOffset)
  }

  private static func set(_ store: PageStore, _ range: Range<Int>, _ state: PageState, hole: PageState) {
    guard state != hole else { return }
    store.modify(range) { $0 = state }
  }
}
