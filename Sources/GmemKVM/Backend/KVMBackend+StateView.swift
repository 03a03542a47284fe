import GmemModel

// The state the last rescan read from the kernel.
extension KVMBackend {
  /// Always `upstream`: the running kernel is Linux 6.18.
  public var profile: Profile { .upstream }
  /// The type of the VM, once created.
  public var vmType: VMType? { machine?.type }
  /// The file's size; 0 when there is no file.
  public var fileSize: UInt64 { file?.size ?? 0 }
  /// 4K: guest_memfd on this kernel has order-0 folios only.
  public var backing: Backing? { file == nil ? nil : .base4K }
  /// Pages in the file.
  public var pageCount: Int { store?.pageCount ?? 0 }

  /// The state of page `p` as last scanned.
  public func page(_ p: Int) -> PageState? {
    guard let store, p >= 0, p < store.pageCount else { return nil }
    return store.state(at: p)
  }

  /// The pins of page `p` whose page was punched out of the file and that /proc/kpageflags showed alive and
  /// unmapped at the last rescan (kernel-here §5).
  public func orphans(at p: Int) -> Int { pins.verifiedOrphans[p] ?? 0 }

  /// `.base` for an allocated page (the kernel reports order 0), else `.hole`.
  public func folioShape(ofPage p: Int) -> FolioShape {
    page(p)?.isAllocated == true ? .base : .hole
  }

  /// A global counter over the scanned pages; folio and pool counters are 0 (no huge pages here).
  public func counter(_ name: CounterName) -> UInt64 {
    UInt64(max((store?.totals ?? PageCounts()).value(of: name) ?? 0, 0))
  }

  /// Counts over 2 MiB block `b`, O(1).
  public func counts(block b: Int) -> PageCounts { store?.counts(block: b) ?? PageCounts() }
  /// Counts over 1 GiB region `r`, O(1).
  public func counts(region r: Int) -> PageCounts { store?.counts(region: r) ?? PageCounts() }

  /// The first page in `range` whose state satisfies `predicate`.
  public func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    store?.firstPage(in: range, where: predicate)
  }

  /// Runs of pages in `range` that share one state, in order.
  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) {
    store?.forEachRun(in: range, body)
  }

  /// The creation flags, when there is a file.
  public var flags: GmemFlags? {
    file.map {
      GmemFlags(
        raw: $0.flags, mmap: $0.flags & GmemFlags.upstreamMMAP != 0,
        initShared: $0.flags & GmemFlags.upstreamInitShared != 0)
    }
  }

  /// True while the guest_memfd fd is open.
  public var isOpen: Bool { gmem != nil }
  /// The memslots this backend bound.
  public var memslots: [Memslot] { slots }
  /// `[1]` while this process maps the file.
  public var mappingProcesses: [Int] { mapping == nil ? [] : [1] }
  /// 1G, for the pool counters (which are 0 here).
  public var poolBacking: Backing { .huge1G }
  /// 0: nothing is split on this kernel.
  public var vmemmapRestoredBytes: UInt64 { 0 }

  /// Where the state of page `p` came from.
  public func explain(page p: Int) -> [String] {
    guard let state = page(p) else { return ["page \(p) is outside the file"] }
    let offset = hex(Geometry.offset(ofPage: p))
    var lines = [
      attributeLine(page: p),
      "kvm backend: page \(offset) read back from the kernel after the last command, but for its attribute",
      state.isAllocated
        ? "allocated: cachestat counts it in the page cache (a 4K folio, order 0)"
        : "hole: cachestat finds no page cache folio here",
    ]
    if mapping != nil {
      lines.append(
        state.isUptodate ? "uptodate: mincore on this process's mapping reports it" : "not uptodate (mincore 0)")
      lines.append(
        state.isMapped ? "mapped: /proc/self/pagemap bit 63 (present)" : "unmapped: no PTE in /proc/self/pagemap")
    } else {
      lines.append("not mapped by this process: mincore and pagemap are not read")
    }
    lines.append(
      state.isFaultable
        ? "faultable: the file was created with INIT_SHARED" : "unfaultable: no INIT_SHARED (a host access gets SIGBUS)"
    )
    if state.isMapped { lines += frameLines(page: p) }
    return lines + pinLines(page: p)
  }

  /// 0: guest_memfd folios are order 0 on this kernel, so nothing is ever split.
  public func splitFolios(in range: Range<Int>) -> Int { 0 }

  /// True: every bit but the attribute (which KVM cannot report; the map shows the one this backend set) is read back
  /// from the kernel.
  public var isReadFromKernel: Bool { true }
}
