import GmemModel

// The state the last rescan read, as the TUI and `--list` see it. Only what the kernel shows from outside is
// here: no VM type, no memslots (KVM lists neither), no pins (VmPin is per process, kernel-here §5).
extension AttachedGuestMemfd: ScannedPagesView {
  /// The pages the last rescan read.
  public var scannedPages: PageStore { store }

  /// Always `upstream`: the running kernel is Linux 6.18.
  public var profile: Profile { .upstream }
  /// nil: the attached process's VM is not visible from its guest_memfd.
  public var vmType: VMType? { nil }
  /// The file's size.
  public var fileSize: UInt64 { target.size }
  /// 4K: guest_memfd on this kernel has order-0 folios only.
  public var backing: Backing? { .base4K }

  /// A global counter over the scanned pages; folio and pool counters are 0 (no huge pages here).
  public func counter(_ name: CounterName) -> UInt64 {
    UInt64(max(store.totals.value(of: name) ?? 0, 0))
  }

  /// The creation flags as far as they are known: MMAP when the copy could be mapped or the process maps the
  /// file; INIT_SHARED once a page was seen mapped. A flag not known to be set is shown clear.
  public var flags: GmemFlags? {
    let mmap = residency != nil || !vmas.isEmpty || initSharedSeen
    let raw = (mmap ? GmemFlags.upstreamMMAP : 0) | (initSharedSeen ? GmemFlags.upstreamInitShared : 0)
    return GmemFlags(raw: raw, mmap: mmap, initShared: initSharedSeen)
  }

  /// True while the attached process holds the file at its fd.
  public var isOpen: Bool { targetHoldsFile }
  /// None: KVM has no call that lists another VM's memslots.
  public var memslots: [Memslot] { [] }
  /// `[1]` (the attached process) while it maps the file.
  public var mappingProcesses: [Int] { vmas.isEmpty ? [] : [1] }
  /// 1G, for the pool counters (which are 0 here).
  public var poolBacking: Backing { .huge1G }
  /// 0: nothing is split on this kernel.
  public var vmemmapRestoredBytes: UInt64 { 0 }
  /// 0: guest_memfd folios are order 0 on this kernel, so nothing is ever split.
  public func splitFolios(in range: Range<Int>) -> Int { 0 }

  /// Where each bit of page `p` came from, naming the process and its fd.
  public func explain(page p: Int) -> [String] {
    guard let state = page(p) else { return ["page \(p) is outside the file"] }
    let offset = UInt64(p) * GuestMemfd.pageSize
    var lines = [
      "attached to pid \(pid) fd \(target.fd) (inode \(target.inode)), read-only: page \(hex(offset)) as of the "
        + "last rescan",
      state.isAllocated
        ? "allocated: cachestat on gmemviz's copy of the fd counts it (a 4K folio, order 0)"
        : "hole: cachestat on gmemviz's copy of the fd finds no folio here",
    ]
    if residency != nil {
      lines.append(
        state.isUptodate
          ? "uptodate: mincore on gmemviz's PROT_NONE mapping of the copy reports it"
          : "not uptodate: mincore on gmemviz's PROT_NONE mapping of the copy reports 0")
    } else {
      let reason = residencyFailure.map { "\($0)" } ?? "no mapping"
      lines.append("uptodate: not known, the copy cannot be mapped for mincore (\(reason))")
    }
    lines.append(mappedLine(state, offset: offset))
    lines.append(
      initSharedSeen
        ? "faultable: pid \(pid) maps pages of the file, which a host fault does only with INIT_SHARED"
        : "faultability: not known (INIT_SHARED is not visible from outside, and no page is mapped in pid \(pid))")
    if !targetHoldsFile {
      lines.append(
        discovery.isAlive
          ? "pid \(pid) no longer holds the file at fd \(target.fd); gmemviz's copy keeps it alive"
          : "pid \(pid) has exited; gmemviz's copy keeps the file alive")
    }
    return lines
  }

  /// Whether and where the attached process maps the page at `offset`.
  private func mappedLine(_ state: PageState, offset: UInt64) -> String {
    guard let vma = vmas.first(where: { $0.fileRange.contains(offset) }) else {
      return "unmapped: pid \(pid) has no area over this offset in /proc/\(pid)/maps"
    }
    let address = hex(vma.address(ofOffset: offset))
    let area = "area \(hex(vma.address))+\(hex(vma.length)) at file offset \(hex(vma.fileOffset))"
    return state.isMapped
      ? "mapped: bit 63 (present) of /proc/\(pid)/pagemap at \(address), \(area)"
      : "unmapped: no PTE at \(address) in /proc/\(pid)/pagemap, \(area)"
  }

  /// True: every bit is read back from the kernel.
  public var isReadFromKernel: Bool { true }
}
