import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a guest_memfd's page state back from the kernel without faulting or changing anything, into a `PageStore`:
///
/// - allocated: cachestat per 1 GiB, then per 2 MiB inside non-empty gigabytes, then, inside partly allocated
///   chunks only, by halving down to single pages (kernel-here §3; at most one call per half that is neither
///   empty nor full);
/// - uptodate: mincore on this process's mapping, when mapped;
/// - mapped (process 1): /proc/self/pagemap bit 63, one coalesced pread per chunk, when mapped.
///
/// Only allocated chunks are read with mincore, and pagemap only where mincore saw an uptodate page: a mapped page
/// was faulted in, so it is uptodate, and an uptodate page is in the page cache.
/// Once the fd is closed but the mapping keeps the inode, cachestat has no fd to ask; then every chunk is read with
/// mincore and pagemap, and a page counts as allocated when it is uptodate or mapped (a lower bound).
enum KernelPageScanner {
  /// Bit 63 of a pagemap entry: the page is present in this process's page tables.
  static let pagemapPresent: UInt64 = 1 << 63

  /// The page state of a file of `size` bytes. `gmem` is the open fd, if any; `mapping` this process's mapping, if
  /// any. Every page is faultable when `faultable` (INIT_SHARED); no page is private (no memory attributes here).
  static func scan(size: UInt64, gmem: GuestMemfd?, mapping: GuestMemfdMapping?, faultable: Bool) -> PageStore {
    let pageCount = Int(size / GuestMemfd.pageSize)
    let hole = PageState.hole(private: false, faultable: faultable)
    let store = PageStore(pageCount: pageCount, state: hole)
    let pagemap = mapping == nil ? -1 : open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
    defer { if pagemap >= 0 { _ = close(pagemap) } }
    let chunk = GuestMemfd.scanChunk
    let region = Geometry.regionSize
    var regionStart: UInt64 = 0
    while regionStart < size {
      let regionLength = min(region, size - regionStart)
      // cachestat walks every cached page it counts, so a full region is asked once, not again per chunk.
      var regionFull = false
      if let gmem {
        let cached = (try? gmem.allocatedPageCount(offset: regionStart, length: regionLength)) ?? 0
        if cached == 0 {
          regionStart += regionLength
          continue
        }
        regionFull = cached == regionLength / GuestMemfd.pageSize
      }
      var chunkStart = regionStart
      while chunkStart < regionStart + regionLength {
        let chunkLength = min(chunk, size - chunkStart)
        scanChunk(
          store, offset: chunkStart, length: chunkLength, gmem: gmem, knownFull: regionFull, mapping: mapping,
          pagemap: pagemap, hole: hole)
        chunkStart += chunkLength
      }
      regionStart += regionLength
    }
    return store
  }

  private static func scanChunk(
    _ store: PageStore, offset: UInt64, length: UInt64, gmem: GuestMemfd?, knownFull: Bool,
    mapping: GuestMemfdMapping?, pagemap: Int32, hole: PageState
  ) {
    let page = GuestMemfd.pageSize
    let pages = Int(length / page)
    var allocated = [Bool](repeating: knownFull, count: pages)
    if let gmem, !knownFull {
      let cached = (try? gmem.allocatedPageCount(offset: offset, length: length)) ?? 0
      if cached == 0 { return }
      markAllocated(&allocated, 0..<pages, cached: Int(cached), gmem: gmem, chunkOffset: offset)
    }
    var uptodate = [UInt8](repeating: 0, count: pages)
    var present = [UInt64](repeating: 0, count: pages)
    if let mapping {
      _ = uptodate.withUnsafeMutableBufferPointer { mincore(mapping.base + Int(offset), Int(length), $0.baseAddress) }
      // A page with a PTE was faulted in, so it is uptodate: pagemap only where mincore saw an uptodate page.
      let anyUptodate = uptodate.contains { $0 & 1 != 0 }
      if pagemap >= 0 && anyUptodate {
        let entry = mapping.address(ofOffset: offset) / page * 8
        _ = present.withUnsafeMutableBytes { pread(pagemap, $0.baseAddress, $0.count, off_t(entry)) }
      }
    }
    let first = Int(offset / page)
    var runStart = 0
    var runState = hole
    for i in 0..<pages {
      var state = hole
      let isUptodate = uptodate[i] & 1 != 0
      let isMapped = present[i] & pagemapPresent != 0
      state.isAllocated = gmem == nil ? isUptodate || isMapped : allocated[i]
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
