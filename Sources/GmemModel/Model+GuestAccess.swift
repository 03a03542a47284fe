// Guest loads and stores through KVM: the fault path, MEMORY_FAULT exits and SPTE levels (spec §2.9, §7).
extension GuestMemfdModel {
  func guestAccess(_ r: FileRange, write byte: UInt8?, kind: AccessKind?) throws -> Outcome {
    guard let vm else { throw Failure(.EBADF, "no VM") }
    guard let file else { throw Failure(.EFAULT, "no guest_memfd backs the guest") }
    let touched = r.touchedPages
    var seen = ByteSet()
    var q = Int(touched.lowerBound)
    let end = Int(min(touched.upperBound, UInt64(Int.max)))
    var mapped: [SPTELevel: (Range<Int>, Int)] = [:]
    defer {
      for (level, (span, n)) in mapped.sorted(by: { $0.key < $1.key }) {
        events.append(.sptesMapped(bytes(span), level: level, entries: n))
      }
    }
    while q < end {
      let off = UInt64(q) << 12
      guard q < file.pageCount, let slot = memslot(binding: off) else {
        throw Failure(
          .EFAULT, at: off,
          "offset \(hex(off)) is not bound by a memslot: the guest has no gpa for it")
      }
      let gpa = slot.gpa(ofOffset: off)
      guard file.isOpen else {
        throw Failure(
          .EFAULT, at: off, "the memslot's guest_memfd is closed: kvm_gmem_get_pfn returns -EFAULT")
      }
      let state = file.pages.state(at: q)
      let attribute: AccessKind = state.isPrivate ? .private : .shared
      let access = kind ?? (vm.guestChoosesAccessKind ? .private : attribute)
      if access != attribute {
        throw Failure(
          outcome: .exit(
            VMExit(reason: .memoryFault, gpa: gpa, offset: off, privateAccess: access == .private)),
          "a \(access.rawValue) access to gpa \(hex(gpa)), whose attribute is \(attribute.rawValue): KVM_EXIT_MEMORY_FAULT"
        )
      }
      let slotEnd = Int((slot.offset + slot.size) >> 12)
      if access == .shared && profile == .upstream && settings.emulatedGuestAccess {
        try emulatedAccess(file, page: q, gpa: gpa, byte, &seen)
        q += 1
      } else if access == .shared && profile == .rfc1 {
        // RFC1 serves shared gfns from userspace_addr: the VMM's (process 1's) mapping of the file, by GUP.
        guard file.mappedBy.contains(1) else {
          throw Failure(
            .EFAULT, at: off,
            "shared gpa \(hex(gpa)) goes through userspace_addr, and process 1 has not mapped the file"
          )
        }
        guard state.isFaultable else {
          throw Failure(
            .EFAULT, at: off, "GUP of shared page \(hex(off)) hits SIGBUS: it is not faultable")
        }
        try faultIn(file, pages: q..<(q + 1), process: 1)
        installSPTE(file, q..<(q + 1), level: .pte4K, into: &mapped)
        access1(file, q..<(q + 1), byte, &seen)
        q += 1
      } else if access == .shared && profile == .upstream && !file.flags.mmap {
        // Not a gmem-only slot: shared gfns live in the memslot's separate userspace memory.
        if let byte {
          file.sharedBacking[q] = byte
        } else {
          seen.insert(file.sharedBacking[q] ?? 0)
        }
        q += 1
      } else {
        try allocateForGuest(file, page: q)
        let level = spteLevel(file, page: q, slot: slot)
        let span = spteSpan(file, page: q, level: level)
        let folio = folioPages(file, page: q)
        zeroOnFirstUse(file, pages: folio)
        installSPTE(file, span, level: level, into: &mapped)
        let stop = min(end, span.upperBound, slotEnd)
        access1(file, q..<stop, byte, &seen)
        q = stop
      }
    }
    return byte == nil ? .value(seen) : .ok
  }

  /// A shared access under instruction emulation (kernel-here.md §6): KVM's emulator copies to or from
  /// userspace_addr, which is the VMM's (process 1's) mapping of the file, so the page is faulted into process 1 like
  /// a host access (case A). Without that mapping (case E), or on a page it cannot fault (no INIT_SHARED: SIGBUS in
  /// the emulator, case F), the access reaches no memory and exits as MMIO. No SPTE is made (§0: pages_4k stays 0).
  private func emulatedAccess(_ file: GmemFile, page q: Int, gpa: UInt64, _ byte: UInt8?, _ seen: inout ByteSet)
    throws
  {
    let off = UInt64(q) << 12
    guard file.mappedBy.contains(1), file.pages.state(at: q).isFaultable else {
      let why =
        file.mappedBy.contains(1) ? "the page is not shared (no INIT_SHARED)" : "process 1 does not map the file"
      throw Failure(
        outcome: .exit(VMExit(reason: .mmio, gpa: gpa, offset: off, privateAccess: false)),
        "the emulated access to gpa \(hex(gpa)) goes through userspace_addr, and \(why): KVM_EXIT_MMIO")
    }
    try faultIn(file, pages: q..<(q + 1), process: 1)
    access1(file, q..<(q + 1), byte, &seen)
  }

  private func access1(_ file: GmemFile, _ range: Range<Int>, _ byte: UInt8?, _ seen: inout ByteSet) {
    if let byte {
      file.pages.modify(range) { $0.content = byte }
    } else {
      file.pages.forEachRun(in: range) { _, s in seen.insert(s.content) }
    }
  }

  private func allocateForGuest(_ file: GmemFile, page q: Int) throws {
    guard !file.pages.state(at: q).isAllocated else { return }
    do {
      try allocateFolios(file, pages: q..<(q + 1))
    } catch let failure as Failure {
      throw Failure(
        .ENOMEM, at: UInt64(q) << 12, "kvm_gmem_get_pfn could not allocate: \(failure.detail)")
    }
  }

  /// The pages of the folio holding page `q`: the whole huge folio, or the 4 KiB page.
  func folioPages(_ file: GmemFile, page q: Int) -> Range<Int> {
    guard file.backing.isHuge else { return q..<(q + 1) }
    let h = file.hugeIndex(ofPage: q)
    return file.split[h] ? q..<(q + 1) : file.pageRange(ofHuge: h)
  }

  /// The SPTE level KVM would map page `q` at: the smallest of what the folio order allows, what the
  /// attributes allow (no mixed range, spec §2.9 [LPAGE]; order 0 when a huge range holds a shared index,
  /// §6 row 20) and what the memslot's alignment allows.
  func spteLevel(_ file: GmemFile, page q: Int, slot: Memslot) -> SPTELevel {
    guard profile != .upstream, file.backing.isHuge, !file.split[file.hugeIndex(ofPage: q)] else {
      return .pte4K
    }
    let isPrivate = file.pages.state(at: q).isPrivate
    let off = UInt64(q) << 12
    let gpa = slot.gpa(ofOffset: off)
    for level in [SPTELevel.pud1G, .pmd2M] where level <= file.backing.spteLevel {
      let size = level.size
      // disallow_lpage when base gfn and pgoff are misaligned, or the huge gfn range leaves the slot.
      guard (slot.gpa &- slot.offset) % size == 0 else { continue }
      let base = gpa & ~(size - 1)
      guard base >= slot.gpa, base + size <= slot.gpa + slot.size,
        let start = slot.offset(ofGPA: base)
      else {
        continue
      }
      let span = Int(start >> 12)..<Int((start + size) >> 12)
      let c = file.pages.counts(in: span)
      if c.private == (isPrivate ? span.count : 0) { return level }
    }
    return .pte4K
  }

  private func installSPTE(
    _ file: GmemFile, _ span: Range<Int>, level: SPTELevel,
    into mapped: inout [SPTELevel: (Range<Int>, Int)]
  ) {
    if file.pages.firstPage(in: span, where: { $0.spte != level }) == nil { return }
    file.pages.modify(span) { $0.spte = level }
    let n = level == .pte4K ? span.count : 1
    if let (old, count) = mapped[level] {
      mapped[level] = (
        min(old.lowerBound, span.lowerBound)..<max(old.upperBound, span.upperBound), count + n
      )
    } else {
      mapped[level] = (span, n)
    }
  }
}
