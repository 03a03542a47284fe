import GmemModel

// Host loads and stores through an mmap (§2.5), guest accesses through KVM (§2.9, §7), long-term pins (§2.6).
extension NaiveModel {
  /// The page indices a byte range touches, rounded outward; empty for length 0. A range past 2^64 stops
  /// at the last page.
  func touchedPages(_ r: FileRange) -> Range<Int> {
    guard r.length > 0 else { return 0..<0 }
    let (end, overflow) = r.offset.addingReportingOverflow(r.length)
    let lastByte = overflow ? UInt64.max : end - 1
    return Int(r.offset / 4096)..<Int(lastByte / 4096 + 1)
  }

  func hostAccess(_ r: FileRange, write byte: UInt8?, process proc: Int) throws -> Outcome {
    guard let file, file.mappedBy.contains(proc) else { throw NaiveFailure(outcome: .signal(.SIGSEGV, at: r.offset)) }
    let touched = touchedPages(r)
    var seen = ByteSet()
    // Page by page: the fault handler maps a page only inside i_size and only while it is faultable; the
    // access stops with SIGBUS at the first page it refuses [UP-test test_fault_overflow].
    for p in touched {
      guard p < file.pageCount, file.pages[p].faultable else {
        throw NaiveFailure(outcome: .signal(.SIGBUS, at: UInt64(p) * 4096))
      }
      try faultIn(file, pages: p..<(p + 1), process: proc)
      if let byte { file.pages[p].content = byte } else { seen.insert(file.pages[p].content) }
    }
    return byte == nil ? .value(seen) : .ok
  }

  func guestAccess(_ r: FileRange, write byte: UInt8?, kind: AccessKind?) throws -> Outcome {
    guard let vm else { throw NaiveFailure(.EBADF) }
    guard let file else { throw NaiveFailure(.EFAULT) }
    let touched = touchedPages(r)
    var seen = ByteSet()
    var zeroedHuge: Set<Int> = []  // huge folios this access already made uptodate
    func touch(_ p: Int) {
      if let byte { file.pages[p].content = byte } else { seen.insert(file.pages[p].content) }
    }
    var q = touched.lowerBound
    while q < touched.upperBound {
      let off = UInt64(q) * 4096
      guard q < file.pageCount, let slot = slot(binding: q) else { throw NaiveFailure(.EFAULT, at: off) }
      let gpa = slot.gpa + (off - slot.offset)
      let attribute: AccessKind = file.pages[q].isPrivate ? .private : .shared
      // SNP and TDX guests pick the kind (C-bit / shared bit); elsewhere KVM derives it from the attribute.
      let access = kind ?? (vm == .snp || vm == .tdx ? .private : attribute)
      if access != attribute {
        throw NaiveFailure(
          outcome: .exit(VMExit(reason: .memoryFault, gpa: gpa, offset: off, privateAccess: access == .private)))
      }
      if access == .shared && profile == .upstream && emulatedGuestAccess && file.mmapAllowed {
        // Emulated: through process 1's mapping, or no memory at all (MMIO); no SPTE. Without MMAP the memslot's
        // own shared memory serves it (below).
        guard file.mappedBy.contains(1), file.pages[q].faultable else {
          throw NaiveFailure(outcome: .exit(VMExit(reason: .mmio, gpa: gpa, offset: off, privateAccess: false)))
        }
        try faultIn(file, pages: q..<(q + 1), process: 1)
        touch(q)
        q += 1
      } else if access == .shared && profile == .rfc1 {
        // RFC1 serves shared gfns from userspace_addr: process 1's mapping of the file, through GUP.
        guard file.mappedBy.contains(1), file.pages[q].faultable else { throw NaiveFailure(.EFAULT, at: off) }
        try faultIn(file, pages: q..<(q + 1), process: 1)
        file.pages[q].spte = .pte4K
        touch(q)
        q += 1
      } else if access == .shared && profile == .upstream && !file.mmapAllowed {
        // Not a gmem-only slot: shared gfns live in the memslot's separate userspace memory.
        if let byte { file.pages[q].sharedBacking = byte } else { seen.insert(file.pages[q].sharedBacking) }
        q += 1
      } else {
        // kvm_gmem_get_pfn: allocate, zero the folio on first use, map at the largest level allowed.
        if !file.pages[q].allocated {
          do {
            try allocateFolios(file, pages: q..<(q + 1))
          } catch {
            throw NaiveFailure(.ENOMEM, at: off)  // kvm_gmem_get_pfn could not allocate
          }
        }
        let level = spteLevel(file, page: q, slot: slot)
        let span = spteSpan(file, page: q, level: level)
        let folio = file.folio(ofPage: q)
        if folio.count == 1 || zeroedHuge.insert(file.huge(ofPage: q)).inserted {
          for p in folio { zeroIfStale(file, page: p) }
        }
        if span.contains(where: { file.pages[$0].spte != level }) {
          for p in span { file.pages[p].spte = level }
        }
        // The rest of the SPTE's span is reached through it without another fault.
        let stop = min(touched.upperBound, span.upperBound, slot.pages.upperBound)
        for p in q..<stop { touch(p) }
        q = stop
      }
    }
    return byte == nil ? .value(seen) : .ok
  }

  /// The SPTE level for page `q`: the largest of 1G and 2M that the folio allows (a whole huge folio, not
  /// upstream), the memslot allows (gfn and pgoff equally aligned, the whole range inside the slot) and
  /// the attributes allow (no mixed range); else 4K (§2.9, §6 row 20).
  func spteLevel(_ file: NaiveFile, page q: Int, slot: NaiveSlot) -> SPTELevel {
    guard profile != .upstream, file.backing != .base4K, !file.split[file.huge(ofPage: q)] else { return .pte4K }
    let wantPrivate = file.pages[q].isPrivate
    let gpa = slot.gpa + (UInt64(q) * 4096 - slot.offset)
    for level in [SPTELevel.pud1G, .pmd2M] where level.size <= file.backing.folioSize {
      let size = level.size
      guard slot.gpa % size == slot.offset % size else { continue }
      let base = gpa / size * size
      guard base >= slot.gpa, size <= slot.gpa + slot.size - base else { continue }
      let first = Int((slot.offset + (base - slot.gpa)) / 4096)
      if (first..<(first + Int(size / 4096))).allSatisfy({ file.pages[$0].isPrivate == wantPrivate }) { return level }
    }
    return .pte4K
  }

  func pin(_ r: FileRange) throws -> Outcome {
    // Pins go through process 1's mapping (io_uring buffer registration in the VMM).
    guard let file, file.mappedBy.contains(1) else { throw NaiveFailure(.EFAULT, at: r.offset) }
    let range = touchedPages(r)
    guard !range.isEmpty else { return .ok }
    guard range.upperBound <= file.pageCount else { throw NaiveFailure(.EFAULT, at: max(r.offset, file.size)) }
    // GUP faults every page in; one it cannot fault fails the whole registration.
    if let p = range.first(where: { !file.pages[$0].faultable }) { throw NaiveFailure(.EFAULT, at: UInt64(p) * 4096) }
    // GUP faults the whole range in first; a folio it cannot allocate fails the call at its start.
    if vmemmapRestoreFails && range.contains(where: { !file.pages[$0].allocated && file.backing != .base4K }) {
      throw NaiveFailure(outcome: .signal(.SIGBUS, at: UInt64(range.lowerBound) * 4096))
    }
    try faultIn(file, pages: range, process: 1)
    for p in range { file.pages[p].pins += 1 }
    return .ok
  }

  func unpin(_ r: FileRange) throws -> Outcome {
    guard let file else { throw NaiveFailure(.EINVAL) }
    let range = touchedPages(r)
    // Nothing is pinned past the end of the file; a range that starts there is named by its offset.
    if !range.isEmpty && range.lowerBound >= file.pageCount { throw NaiveFailure(.EINVAL, at: r.offset) }
    for p in range where p >= file.pageCount || (file.pages[p].pins == 0 && file.pages[p].orphans == 0) {
      throw NaiveFailure(.EINVAL, at: UInt64(p) * 4096)
    }
    // An orphan (a pinned page punched out of the file) is released before a live pin.
    for p in range {
      if file.pages[p].orphans > 0 {
        file.pages[p].orphans -= 1
        // The oldest held huge page with this orphan lets one pin go; empty, it is back in the pool.
        if let i = file.held.firstIndex(where: { ($0[p] ?? 0) > 0 }) {
          file.held[i][p]! -= 1
          if file.held[i][p] == 0 { file.held[i][p] = nil }
          if file.held[i].isEmpty { file.held.remove(at: i) }
        }
      } else {
        file.pages[p].pins -= 1
      }
    }
    return .ok
  }
}
