import CGmemSys
import GmemModel

// `guest read` / `guest write`: vCPU 0 runs a few instructions over the gpas bound to the range (kernel-here.md §6).
extension KVMBackend {
  /// The most pages one guest access touches (256 MiB, about 20 s): under PVM each 8-byte access is emulated, about
  /// 0.3 ms a page. Past 8 MiB an access reports its progress per 2 MiB and can be stopped there.
  static let largestGuestAccess: UInt64 = 65536
  /// Pages run per vCPU entry, and between progress reports.
  static let guestAccessChunk: UInt64 = 512

  /// The guest stores `byte` over (or, for nil, loads) every page of `range`, page by page in file order, through
  /// the memslots that bind them. The outcome follows the model's guest access where the kernel agrees: EBADF
  /// without a VM; EFAULT without a file, or at the first page no memslot binds (after the pages before it).
  func guestAccess(_ range: FileRange, write byte: UInt8?, access: AccessKind?) throws(OperationFailure) -> Outcome {
    guard let machine else { throw OperationFailure(.EBADF, "there is no VM") }
    guard let file else {
      if access == .private { try requireAccessKind(.private, range, machine: machine) }
      throw OperationFailure(.EFAULT, "no guest_memfd backs the guest")
    }
    if let access { try requireAccessKind(access, range, machine: machine) }
    let (segments, stop) = guestSegments(range.touchedPages, fileSize: file.size)
    let pages = segments.reduce(0) { $0 + UInt64($1.pages.count) }
    guard pages <= Self.largestGuestAccess else {
      throw OperationFailure(
        .unsupported(
          "a guest access of \(pages) pages: the kvm backend's guest touches at most \(Self.largestGuestAccess) pages "
            + "(\(sizeName(Geometry.bytes(ofPages: Self.largestGuestAccess)))) at a time"),
        "every guest instruction is emulated here (PVM), about 0.4 ms a page")
    }
    var seen = ByteSet()
    if !segments.isEmpty, let gmem {
      let program = try guestAccessProgram(machine)
      try OperationFailure.kernel { () throws(KVMError) in try program.begin(avoiding: slots + privateGFNs) }
      defer { program.end() }
      var refreshed: Set<Int> = []
      var done: UInt64 = 0
      let total = pages
      for (slot, pages) in segments {
        if refreshed.insert(slot.slot).inserted {
          try refreshUserspaceAddress(of: slot, gmem: gmem, vmFD: machine.vmFD)
        }
        var first = pages.lowerBound
        while first < pages.upperBound {
          let count = min(Self.guestAccessChunk, pages.upperBound - first)
          let gpa = slot.gpa(ofOffset: Geometry.offset(ofPage: first))
          let exit = try OperationFailure.kernel { () throws(KVMError) in
            if let byte { return try program.write(gpa: gpa, pages: count, byte: byte) }
            return try program.read(gpa: gpa, pages: count, into: &seen)
          }
          if let exit { throw failure(for: exit) }
          first += count
          done += count
          try reportGuestProgress(done: done, of: total, write: byte != nil, at: Geometry.offset(ofPage: first))
        }
      }
    }
    if let stop { throw stop }
    return byte == nil ? .value(seen) : .ok
  }

  /// An access of kind `kind` (`as=`) over `range`, which this VM's guest can make only where it is the kind KVM
  /// takes from the attribute: no VM type this backend creates lets the guest choose (that is SNP's C-bit and TDX's
  /// shared bit), so `as=` that disagrees with a page's attribute cannot be made, and no access is private where the
  /// kernel has no memory attributes.
  private func requireAccessKind(_ kind: AccessKind, _ range: FileRange, machine: KVMVirtualMachine)
    throws(OperationFailure)
  {
    let supported = (try? deviceCapability(KVMCapabilityDefinition.memoryAttributes.number)) ?? 0
    guard supported > 0 else {
      guard kind == .private else { return }
      throw OperationFailure(
        .unsupported("a default VM's guest makes shared accesses only: KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel"),
        "no gpa can be private here, so no access is private")
    }
    let pages = range.touchedPages
    let lower = Int(min(pages.lowerBound, UInt64(Int.max)))
    let upper = Int(min(pages.upperBound, UInt64(Int.max)))
    let disagreeing = attributes.pagesDiffering(in: lower..<upper, from: kind == .private ? .private : .shared)
    guard disagreeing > 0 else { return }
    throw OperationFailure(
      .unsupported(
        "a \(machine.type.rawValue) VM's guest cannot choose a \(kind.rawValue) access: KVM takes the access kind from "
          + "the gpa's attribute"),
      "\(disagreeing) pages of \(range) are not \(kind.rawValue); only SNP and TDX guests choose per access")
  }

  /// The gpas this backend made private outside every memslot, as memslot-shaped ranges for the scratch memory to
  /// keep clear of: a gpa left private by a deleted memslot would turn the scratch memory's accesses private. (Those
  /// inside a memslot are kept clear of with it.)
  private var privateGFNs: [Memslot] {
    attributes.gfns.privateRanges.filter { gfns in
      let (lower, upper) = (gfns.lowerBound << Geometry.pageShift, gfns.upperBound << Geometry.pageShift)
      return !slots.contains { $0.gpa <= lower && upper <= $0.gpa + $0.size }
    }.map {
      Memslot(
        slot: -1, gpa: $0.lowerBound << Geometry.pageShift, offset: 0, size: UInt64($0.count) << Geometry.pageShift)
    }
  }

  /// Reports `done` of `total` pages after a chunk of a large guest access; a stop asked for there fails the access
  /// with EINTR at `offset`, the first page not touched.
  private func reportGuestProgress(done: UInt64, of total: UInt64, write: Bool, at offset: UInt64)
    throws(OperationFailure)
  {
    guard total > 4 * Self.guestAccessChunk, done < total, let onProgress else { return }
    let call = write ? "guest write (vCPU)" : "guest read (vCPU)"
    if !onProgress(
      OperationProgress(call: call, done: Geometry.bytes(ofPages: done), total: Geometry.bytes(ofPages: total)))
    {
      wasStopped = true
      throw OperationFailure(
        .EINTR, at: offset,
        "\(call) stopped by the user after \(sizeName(Geometry.bytes(ofPages: done))) of \(sizeName(Geometry.bytes(ofPages: total))); that much stays done"
      )
    }
  }

  /// The touched pages as runs inside one memslot each, in order, up to the first page the guest cannot reach, with
  /// the failure for that page: EFAULT where no memslot binds it (the model's outcome), unsupported where the file's
  /// fd is closed.
  private func guestSegments(_ pages: Range<UInt64>, fileSize: UInt64)
    -> (segments: [(slot: Memslot, pages: Range<UInt64>)], stop: OperationFailure?)
  {
    var segments: [(slot: Memslot, pages: Range<UInt64>)] = []
    var page = pages.lowerBound
    while page < pages.upperBound {
      let offset = Geometry.offset(ofPage: page)
      // The last match: only one memslot can bind an offset of the open file, and a slot left from an evicted file
      // comes before it.
      guard offset < fileSize, let slot = slots.last(where: { $0.binds(offset: offset) }) else {
        let failure = OperationFailure(
          .EFAULT, at: offset, "offset \(hex(offset)) is not bound by a memslot: the guest has no gpa for it")
        return (segments, failure)
      }
      guard gmem != nil else {
        let failure = OperationFailure(
          .unsupported("the guest_memfd fd is closed: the kvm backend needs it to re-register the memslot"),
          "a memslot's userspace_addr is set again from this process's mapping before each guest access")
        return (segments, failure)
      }
      let end = min(pages.upperBound, (slot.offset + slot.size) >> Geometry.pageShift)
      segments.append((slot, page..<end))
      page = end
    }
    return (segments, nil)
  }

  /// The VM's guest access program, made on first use.
  private func guestAccessProgram(_ machine: KVMVirtualMachine) throws(OperationFailure) -> GuestAccessProgram {
    if let program = machine.guestAccessProgram { return program }
    let program = try OperationFailure.kernel { () throws(KVMError) in try GuestAccessProgram(machine: machine) }
    machine.guestAccessProgram = program
    return program
  }

  /// Registers `slot` again with userspace_addr = this process's mapping of its offset now, or 0 without one.
  /// userspace_addr cannot change in place, and after munmap (and mmap) the address `bind` passed may hold nothing
  /// or other memory, which the emulated guest would then read or write. Deleting the slot keeps the file's pages
  /// (kernel-here.md §6).
  private func refreshUserspaceAddress(of slot: Memslot, gmem: GuestMemfd, vmFD: Int32) throws(OperationFailure) {
    try OperationFailure.kernel { () throws(KVMError) in
      try MemoryRegion.deleting(slot: slot.slot).set(on: vmFD)
      try region(binding: slot, gmem: gmem).set(on: vmFD)
    }
  }

  /// The outcome of a guest access that `exit` stopped.
  func failure(for exit: VirtualCPUExit) -> OperationFailure {
    switch exit {
    case .mmio(let gpa, let write):
      guard let offset = slots.lazy.compactMap({ $0.offset(ofGPA: gpa) }).first else { break }
      let why =
        if mapping == nil {
          "this process does not map the file, so the memslot's userspace_addr is 0"
        } else if file.map({ $0.flags & GmemFlags.upstreamInitShared == 0 }) == true {
          "the page is not shared (no INIT_SHARED): the emulated access through userspace_addr hits SIGBUS"
        } else {
          "the emulated access through userspace_addr failed"
        }
      return OperationFailure(
        .exit(VMExit(reason: .mmio, gpa: gpa, offset: offset & ~(GuestMemfd.pageSize - 1), privateAccess: false)),
        "KVM_EXIT_MMIO: the guest's \(write ? "store to" : "load from") gpa \(hex(gpa)) reached no memory: \(why)")
    case .memoryFault(let gpa, _, let flags):
      let offset = slots.lazy.compactMap { $0.offset(ofGPA: gpa) }.first.map { $0 & ~(GuestMemfd.pageSize - 1) }
      let privateAccess = flags & GMEM_KVM_MEMORY_EXIT_FLAG_PRIVATE != 0
      return OperationFailure(
        .exit(VMExit(reason: .memoryFault, gpa: gpa, offset: offset, privateAccess: privateAccess)),
        "KVM_EXIT_MEMORY_FAULT: a \(privateAccess ? "private" : "shared") access to gpa \(hex(gpa))")
    case .halt, .other: break
    }
    return OperationFailure(
      .unsupported("the vCPU stopped with \(exit.description)"),
      "the guest access program ended without reaching its HLT; the next access sets the vCPU up again")
  }
}
