import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

// `pin` and `unpin` through io_uring registered buffers, and the orphans a punch of pinned pages leaves behind
// (kernel-here §5).
extension KVMBackend {
  /// `pin RANGE`: registers every page of RANGE in this process's mapping as an io_uring buffer, which faults it in
  /// (allocated, uptodate, mapped) and pins it FOLL_LONGTERM. As the model: EFAULT at the range when this process
  /// does not map the file, EFAULT at the end of the mapping when the range passes it (nothing is registered: the
  /// addresses beyond are not the file's). A file without INIT_SHARED cannot be faulted in, so the kernel refuses
  /// the registration with EFAULT, reported at the first page it was asked for. Without CAP_IPC_LOCK the pinned
  /// bytes count against RLIMIT_MEMLOCK (ENOMEM past it); root is exempt (kernel-here §5).
  func pin(_ range: FileRange) throws(OperationFailure) -> Outcome {
    guard let mapping else {
      throw OperationFailure(
        .EFAULT, at: range.offset,
        "pins go through process 1's mapping, and it does not map the file: there is no address to register")
    }
    let touched = range.touchedPages
    guard !touched.isEmpty else { return .ok }
    guard touched.upperBound <= mapping.length / GuestMemfd.pageSize else {
      throw OperationFailure(
        .EFAULT, at: max(range.offset, mapping.length),
        "the range passes the end of the mapping (\(sizeName(mapping.length))): nothing is registered")
    }
    let pages = Int(touched.lowerBound)..<Int(touched.upperBound)
    var rings: [RegisteredBufferPin] = []
    for first in stride(from: pages.lowerBound, to: pages.upperBound, by: RegisteredBufferPin.capacity) {
      let address = mapping.address(ofOffset: Geometry.offset(ofPage: first))
      let count = min(RegisteredBufferPin.capacity, pages.upperBound - first)
      do {
        rings.append(try RegisteredBufferPin(address: address, pageCount: count))
      } catch {
        let failure = OperationFailure(error)
        guard error.errno == EFAULT else { throw failure }
        throw OperationFailure(
          .EFAULT, at: Geometry.offset(ofPage: first),
          "\(failure.detail): GUP cannot fault the page in (no INIT_SHARED: an access would SIGBUS); nothing is pinned")
      }
      // A large pin reports progress per ring (64 MiB); a stop releases the rings taken so far (all or nothing).
      let done = Geometry.bytes(ofPages: first + count - pages.lowerBound)
      let total = Geometry.bytes(ofPages: pages.count)
      if total >= Self.progressThreshold, done < total,
        onProgress?(OperationProgress(call: "IORING_REGISTER_BUFFERS", done: done, total: total)) == false
      {
        wasStopped = true
        throw OperationFailure(
          .EINTR, at: Geometry.offset(ofPage: first + count),
          "IORING_REGISTER_BUFFERS stopped by the user after \(sizeName(done)) of \(sizeName(total)); "
            + "the rings taken so far are released: nothing is pinned")
      }
    }
    let start = mapping.address(ofOffset: Geometry.offset(ofPage: pages.lowerBound))
    pins.add(PinnedRun(pages: pages, rings: rings, frames: ProcessPagemap.frames(address: start, count: pages.count)))
    events.append(.pins(FileRange(pages: pages), pinned: true, pages: pages.count))
    return .ok
  }

  /// `unpin RANGE`: drops one pin of every page of RANGE, an orphan's first (as the model), by emptying its
  /// registered buffer slot. EINVAL when there is no file, or at the first page that holds no pin this backend took;
  /// then nothing is unpinned.
  func unpin(_ range: FileRange) throws(OperationFailure) -> Outcome {
    guard let file else { throw OperationFailure(.EINVAL, "nothing is pinned: there is no file") }
    let touched = range.touchedPages
    guard !touched.isEmpty else { return .ok }
    let pageCount = file.size / GuestMemfd.pageSize
    guard touched.lowerBound < pageCount else {
      throw OperationFailure(
        .EINVAL, at: range.offset, "\(hex(range.offset)) is past the end of the file: nothing is pinned there")
    }
    let pages = Int(touched.lowerBound)..<Int(min(touched.upperBound, pageCount))
    if let page = pins.firstUnheld(in: pages) ?? (touched.upperBound > pageCount ? pages.upperBound : nil) {
      throw OperationFailure(
        .EINVAL, at: Geometry.offset(ofPage: page),
        "page \(hex(Geometry.offset(ofPage: page))) is not pinned: no registered buffer of this backend holds it")
    }
    let orphansFreed = try OperationFailure.kernel { () throws(KVMError) in try pins.unpin(pages) }
    if orphansFreed > 0 { events.append(.orphansFreed(FileRange(pages: pages), pages: orphansFreed)) }
    events.append(.pins(FileRange(pages: pages), pinned: false, pages: pages.count))
    return .ok
  }

  /// Runs `operation`, a punch or MADV_REMOVE of `range`. The pinned pages it took out of the file, even if it then
  /// failed, live on as orphans until unpinned (kernel-here §5).
  func orphaningPins(in range: FileRange, _ operation: () throws(OperationFailure) -> Outcome)
    throws(OperationFailure) -> Outcome
  {
    guard let file, !pins.isEmpty else { return try operation() }
    let pageCount = file.size / GuestMemfd.pageSize
    let touched = range.touchedPages
    let pinned = pins.pinnedInFile(
      in: Int(min(touched.lowerBound, pageCount))..<Int(min(touched.upperBound, pageCount)))
    do {
      let outcome = try operation()
      orphanPunched(pinned, succeeded: true)
      return outcome
    } catch {
      orphanPunched(pinned, succeeded: false)
      throw error
    }
  }

  /// Marks the pages of `pinned` that left the file as orphans. With the fd open, cachestat says which: only the
  /// punch can have taken a pinned page out, and nothing was allocated since (kernel-here §3). Without it, the
  /// operation's success does.
  private func orphanPunched(_ pinned: [Int], succeeded: Bool) {
    guard !pinned.isEmpty else { return }
    let punched: [Int]
    if let gmem {
      punched = Self.runs(of: pinned).flatMap { run in
        let cached = try? gmem.allocatedPageCount(
          offset: Geometry.offset(ofPage: run.lowerBound), length: Geometry.bytes(ofPages: run.count))
        if cached == 0 { return Array(run) }
        if cached == UInt64(run.count) { return [] }
        return run.filter {
          (try? gmem.allocatedPageCount(offset: Geometry.offset(ofPage: $0), length: GuestMemfd.pageSize)) == 0
        }
      }
    } else {
      punched = succeeded ? pinned : []
    }
    let orphaned = pins.orphan(punched)
    guard let first = orphaned.first, let last = orphaned.last else { return }
    events.append(.orphaned(FileRange(pages: first..<last + 1), pages: orphaned.count))
  }

  /// `store` with the pins overlaid, after the orphans were checked against /proc/kpageflags.
  func overlayPins(on store: PageStore) -> PageStore {
    pins.verifyOrphans()
    pins.markPinned(in: store)
    return store
  }

  /// The file of `pageCount` pages was evicted: the pages still pinned left it (orphans, as in the model), and the
  /// rings are closed, which frees them all, since no command can name them any more.
  func releasePins(ofEvictedFile pageCount: Int) {
    guard !pins.isEmpty else { return }
    let inFile = pins.pinnedInFile(in: 0..<pageCount)
    if let first = inFile.first, let last = inFile.last {
      events.append(.orphaned(FileRange(pages: first..<last + 1), pages: pins.orphan(inFile).count))
    }
    let orphans = pins.orphanPages
    if let first = orphans.first, let last = orphans.last {
      events.append(.orphansFreed(FileRange(pages: first..<last + 1), pages: orphans.count))
    }
    pins.removeAll()
  }

  /// What the pins of page `p` hold, for `explain`: each pin's ring and PFN, and an orphan's kpageflags read now.
  func pinLines(page p: Int) -> [String] {
    pins.pins(at: p).map { pin in
      let held = "io_uring fd \(pin.ring) registered buffer \(pin.slot), PFN \(hex(pin.frame))"
      guard pin.hold == .orphan else {
        return "pinned (FOLL_LONGTERM) by \(held); the kernel shows no per-page pin, only VmPin in /proc/self/status"
      }
      let flags = KernelPageFlags.read([pin.frame])?.first.map(KernelPageFlags.describe) ?? "unreadable"
      return "orphan held by \(held): punched while pinned, out of the file, alive until unpinned (kpageflags \(flags))"
    }
  }

  /// `pages` (ascending) as runs of consecutive pages.
  private static func runs(of pages: [Int]) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    for page in pages {
      if let last = runs.last, last.upperBound == page {
        runs[runs.count - 1] = last.lowerBound..<page + 1
      } else {
        runs.append(page..<page + 1)
      }
    }
    return runs
  }
}
