// Guest loads and stores through KVM: the fault path, MEMORY_FAULT exits and SPTE levels (spec §2.9, §7).
//
// An access walks the range in chunks of pages that one memslot binds and that share one attribute, so each
// chunk takes one path, and works on each chunk by runs: a uniform access over a huge range leaves uniform runs.
extension GuestMemfdModel {
  func guestAccess(_ r: FileRange, write byte: UInt8?, kind: AccessKind?) throws(OperationFailure) -> Outcome {
    guard let vm else { throw OperationFailure(.EBADF, "no VM") }
    guard let file else { throw OperationFailure(.EFAULT, "no guest_memfd backs the guest") }
    let touched = r.touchedPages
    var access = GuestAccess(write: byte)
    var q = Int(touched.lowerBound)
    let end = Int(min(touched.upperBound, UInt64(Int.max)))
    defer {
      for (level, (span, n)) in access.mapped.sorted(by: { $0.key < $1.key }) {
        events.append(.sptesMapped(FileRange(pages: span), level: level, entries: n))
      }
    }
    while q < end {
      try tick("guest access", done: q - Int(touched.lowerBound), of: end - Int(touched.lowerBound), at: q)
      let off = Geometry.offset(ofPage: q)
      guard q < file.pageCount, let slot = memslot(binding: off) else {
        throw OperationFailure(
          .EFAULT, at: off,
          "offset \(hex(off)) is not bound by a memslot: the guest has no gpa for it")
      }
      let gpa = slot.gpa(ofOffset: off)
      let state = file.pages.state(at: q)
      let attribute: AccessKind = state.isPrivate ? .private : .shared
      let kind = kind ?? (vm.guestChoosesAccessKind ? .private : attribute)
      if kind != attribute {
        throw OperationFailure(
          .exit(
            VMExit(reason: .memoryFault, gpa: gpa, offset: off, privateAccess: kind == .private)),
          "a \(kind.rawValue) access to gpa \(hex(gpa)), whose attribute is \(attribute.rawValue): KVM_EXIT_MEMORY_FAULT"
        )
      }
      // The pages from q on that this slot binds and that share q's attribute take the same path.
      let slotEnd = Geometry.page(ofOffset: slot.offset + slot.size)
      let uniformEnd =
        file.pages.firstPage(in: q..<slotEnd, where: { $0.isPrivate != state.isPrivate }) ?? slotEnd
      let chunk = q..<min(end, uniformEnd)
      let policy = policy
      // Emulated accesses go through userspace_addr: the file's own mapping for an MMAP file; without MMAP, the
      // memslot's separate shared memory below, which the VMM (and the kvm backend) gives the slot at bind.
      if kind == .shared && policy.followsEmulatedGuestAccess && settings.emulatedGuestAccess && file.flags.mmap {
        try emulatedAccess(file, chunk, slot: slot, &access)
      } else if kind == .shared && policy.sharedGuestAccess == .vmmMapping {
        try userspaceAccess(file, chunk, &access)
      } else if kind == .shared && policy.sharedGuestAccess == .guestMemfdIfMmap && !file.flags.mmap {
        // Not a gmem-only slot: shared gfns live in the memslot's separate userspace memory.
        if let byte {
          file.sharedBacking.set(chunk, to: byte)
        } else {
          if file.sharedBacking.total(in: chunk, { _ in 1 }) < chunk.count { access.seen.insert(0) }
          file.sharedBacking.forEachRun(in: chunk) { _, b in access.seen.insert(b) }
        }
      } else {
        try gmemAccess(file, chunk, slot: slot, uniformEnd: uniformEnd, &access)
      }
      q = chunk.upperBound
    }
    return byte == nil ? .value(access.seen) : .ok
  }

  /// A shared access under instruction emulation (kernel-here.md §6): KVM's emulator copies to or from
  /// userspace_addr, which is the VMM's (process 1's) mapping of the file, so the pages are faulted into process 1
  /// like a host access (case A). Without that mapping (case E), or on a page it cannot fault (no INIT_SHARED:
  /// SIGBUS in the emulator, case F), the access reaches no memory and exits as MMIO. No SPTE is made (§0: pages_4k
  /// stays 0).
  private func emulatedAccess(_ file: GmemFile, _ chunk: Range<Int>, slot: Memslot, _ access: inout GuestAccess)
    throws(OperationFailure)
  {
    let mapped = file.mappedBy.contains(HostProcess.vmm)
    let stop =
      mapped ? file.pages.firstPage(in: chunk, where: { !$0.isFaultable }) ?? chunk.upperBound : chunk.lowerBound
    if stop > chunk.lowerBound {
      try faultIn(file, pages: chunk.lowerBound..<stop, process: HostProcess.vmm)
      access1(file, chunk.lowerBound..<stop, &access)
    }
    guard stop == chunk.upperBound else {
      let off = Geometry.offset(ofPage: stop)
      let gpa = slot.gpa(ofOffset: off)
      let why = mapped ? "the page is not shared (no INIT_SHARED)" : "process 1 does not map the file"
      throw OperationFailure(
        .exit(VMExit(reason: .mmio, gpa: gpa, offset: off, privateAccess: false)),
        "the emulated access to gpa \(hex(gpa)) goes through userspace_addr, and \(why): KVM_EXIT_MMIO")
    }
  }

  /// RFC1 serves shared gfns from userspace_addr: the VMM's (process 1's) mapping of the file, by GUP, mapped at
  /// 4K. GUP of a page that is not faultable hits SIGBUS; the pages before it were reached.
  private func userspaceAccess(_ file: GmemFile, _ chunk: Range<Int>, _ access: inout GuestAccess)
    throws(OperationFailure)
  {
    guard file.mappedBy.contains(HostProcess.vmm) else {
      let off = Geometry.offset(ofPage: chunk.lowerBound)
      let gpa = memslot(binding: off).map { $0.gpa(ofOffset: off) } ?? off
      throw OperationFailure(
        .EFAULT, at: off,
        "shared gpa \(hex(gpa)) goes through userspace_addr, and process 1 has not mapped the file")
    }
    let stop = file.pages.firstPage(in: chunk, where: { !$0.isFaultable }) ?? chunk.upperBound
    var reached = chunk.lowerBound..<stop
    var failure: OperationFailure?
    if !reached.isEmpty {
      do {
        try faultIn(file, pages: reached, process: HostProcess.vmm)
      } catch let f {
        // A fault that could not allocate ends the access; the pages before it were faulted in.
        guard case .signal(_, let at) = f.outcome else { throw f }
        reached = reached.lowerBound..<max(reached.lowerBound, Geometry.page(ofOffset: at))
        failure = f
      }
      if !reached.isEmpty {
        installSPTE(file, reached, level: .pte4K, entries: reached.count, &access)
        access1(file, reached, &access)
      }
    }
    if let failure { throw failure }
    if stop < chunk.upperBound {
      throw OperationFailure(
        .EFAULT, at: Geometry.offset(ofPage: stop),
        "GUP of shared page \(hex(Geometry.offset(ofPage: stop))) hits SIGBUS: it is not faultable")
    }
  }

  /// Stores `access`'s byte in `range`, or adds the bytes there to what it saw.
  func access1(_ file: GmemFile, _ range: Range<Int>, _ access: inout GuestAccess) {
    if let byte = access.write {
      file.pages.modify(range) { $0.content = byte }
    } else {
      file.pages.forEachRun(in: range) { _, s in access.seen.insert(s.content) }
    }
  }

  /// Maps `span` at `level` unless every page of it is already mapped so, counting `entries` new SPTEs.
  func installSPTE(
    _ file: GmemFile, _ span: Range<Int>, level: SPTELevel, entries n: Int, _ access: inout GuestAccess
  ) {
    if file.pages.firstPage(in: span, where: { $0.spte != level }) == nil { return }
    file.pages.modify(span) { $0.spte = level }
    if let (old, count) = access.mapped[level] {
      access.mapped[level] = (
        min(old.lowerBound, span.lowerBound)..<max(old.upperBound, span.upperBound), count + n
      )
    } else {
      access.mapped[level] = (span, n)
    }
  }
}

/// What one guest access carries from chunk to chunk: the byte it stores, the bytes it has read, and the SPTEs it
/// has installed per level (the span they cover and how many entries).
struct GuestAccess {
  var write: UInt8?
  var seen = ByteSet()
  var mapped: [SPTELevel: (Range<Int>, Int)] = [:]
}
