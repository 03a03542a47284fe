import CGmemSys
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

// The commands, each through the real call; failures carry the kernel's errno.
extension KVMBackend {
  /// The largest file the backend keeps and scans (64 TiB, as the model): the kernel accepts sparse files up to
  /// 2^62 bytes, whose page state would not fit in memory.
  public static let largestShownFile: UInt64 = 1 << 46

  func setProfile(_ profile: Profile) throws(OperationFailure) -> Outcome {
    guard profile == .upstream else {
      throw OperationFailure(
        .unsupported(
          "the kvm backend drives Linux 6.18 guest_memfd; profile \(profile.rawValue) is a model profile"),
        profile.summary)
    }
    // The language's rule, as on the model: the profile is chosen before the VM exists.
    guard machine == nil else {
      throw OperationFailure(.EBUSY, "profile can only change before `vm`")
    }
    return .ok
  }

  func createVM(_ type: VMType) throws(OperationFailure) -> Outcome {
    guard machine == nil else {
      throw OperationFailure(.EEXIST, "the kvm backend holds one VM; it is already created")
    }
    if type != .default {
      let types = VMTypeMask(bits: UInt64(try systemCapability(KVMCapabilityDefinition.vmTypes.number)))
      guard types.lists(type) else {
        throw OperationFailure(
          .unsupported(types.missing(type)),
          "only the VM types in KVM_CAP_VM_TYPES can be created; \(type.rawValue) is type \(type.value)")
      }
    }
    try makeVM(type, implicit: false)
    return .ok
  }

  /// KVM_CHECK_EXTENSION on /dev/kvm (or the VM, once there is one); 0, as for a capability the kernel does not
  /// know, when the check itself fails.
  func systemCapability(_ number: UInt32) throws(OperationFailure) -> Int {
    if let machine { return (try? machine.checkExtension(number)) ?? 0 }
    let fd = try OperationFailure.kernel { () throws(KVMError) in try openDevice(devicePath) }
    defer { closeDescriptor(fd) }
    return (try? CapabilityProbe.check(fd: fd, number)) ?? 0
  }

  func makeVM(_ type: VMType, implicit: Bool) throws(OperationFailure) {
    machine = try OperationFailure.kernel { () throws(KVMError) in
      try KVMVirtualMachine(devicePath: devicePath, type: type)
    }
    attributes = AttributeRecord()
    events.append(.vmCreated(type, implicit: implicit))
  }

  func createGmem(_ spec: GmemSpec) throws(OperationFailure) -> Outcome {
    if let file {
      throw OperationFailure(
        .EBUSY,
        "the kvm backend holds one guest_memfd (\(sizeName(file.size))); close and unmap it first")
    }
    if let backing = spec.hugetlb, backing != .base4K {
      throw OperationFailure(
        .unsupported("Linux 6.18 guest_memfd has no HugeTLB flag: hugetlb=\(backing.rawValue) cannot be created"),
        "KVM_CAP_GUEST_MEMFD_FLAGS names MMAP and INIT_SHARED only")
    }
    var flags = spec.rawFlags ?? 0
    for name in spec.flagNames {
      switch name {
      case .mmap: flags |= GmemFlags.upstreamMMAP
      case .initShared: flags |= GmemFlags.upstreamInitShared
      case .supportShared, .initPrivate:
        throw OperationFailure(.EINVAL, "flag \(name.rawValue) does not exist in Linux 6.18")
      }
    }
    if machine == nil { try makeVM(.default, implicit: true) }
    guard let machine else { return .ok }
    do {
      gmem = try machine.createGuestMemfd(size: spec.size, flags: flags)
    } catch {
      throw flagFailure(error, flags: flags, machine: machine)
    }
    guard spec.size <= Self.largestShownFile else {
      gmem = nil
      throw OperationFailure(
        .unsupported(
          "the kernel created a \(sizeName(spec.size)) guest_memfd, but the kvm backend shows files up to "
            + "\(sizeName(Self.largestShownFile)); it was closed again"),
        "a larger file would not fit the page store")
    }
    file = (spec.size, flags)
    attributes.forgetPages()
    events.append(.gmemCreated(size: spec.size, backing: .base4K, flags: flags))
    return .ok
  }

  /// The failure of KVM_CREATE_GUEST_MEMFD with `flags`: the kernel's errno, and, for flags the VM does not report
  /// in KVM_CAP_GUEST_MEMFD_FLAGS (6.12 has no such capability: 0), what it does report.
  private func flagFailure(_ error: KVMError, flags: UInt64, machine: KVMVirtualMachine) -> OperationFailure {
    let failure = OperationFailure(error)
    let offered = UInt64((try? machine.checkExtension(KVMCapabilityDefinition.guestMemfdFlags.number)) ?? 0)
    guard error.errno == EINVAL, flags & ~offered != 0 else { return failure }
    return OperationFailure(
      failure.outcome,
      "\(failure.detail): this \(machine.type.rawValue) VM reports KVM_CAP_GUEST_MEMFD_FLAGS = "
        + "\(GuestMemfdFlag.describe(offered)), not \(GuestMemfdFlag.describe(flags & ~offered))")
  }

  /// The open guest_memfd, or EBADF.
  func openFile() throws(OperationFailure) -> GuestMemfd {
    guard let gmem else {
      throw OperationFailure(
        .EBADF, file == nil ? "there is no guest_memfd" : "the guest_memfd fd is closed")
    }
    return gmem
  }

  /// Only process 1 (this process) is real here.
  func requireThisProcess(_ process: Int?, _ verb: String) throws(OperationFailure) {
    if let process, process != HostProcess.vmm {
      throw OperationFailure(
        .unsupported("the kvm backend maps the file in this process only (process 1), not process \(process)"),
        "\(verb) from other processes is not built")
    }
  }

  func map(process: Int?) throws(OperationFailure) -> Outcome {
    try requireThisProcess(process, "mmap")
    let gmem = try openFile()
    guard mapping == nil else { return .ok }
    mapping = try OperationFailure.kernel { () throws(KVMError) in
      try GuestMemfdMapping(fd: gmem.fd, length: gmem.size)
    }
    events.append(.vmaChanged(process: HostProcess.vmm, mapped: true))
    return .ok
  }

  func unmap(process: Int?) throws(OperationFailure) -> Outcome {
    try requireThisProcess(process, "munmap")
    guard mapping != nil else { return .ok }
    mapping = nil
    events.append(.vmaChanged(process: HostProcess.vmm, mapped: false))
    if gmem == nil {
      heldForScans = nil
      forgetFile()
    }
    return .ok
  }

  func closeFile() throws(OperationFailure) -> Outcome {
    _ = try openFile()
    // The mapping keeps the file alive; a duplicate of the fd, held only for cachestat, changes nothing about
    // when it is released, and keeps rescans of a large mapped file cheap.
    if mapping != nil { heldForScans = gmem?.duplicate() }
    gmem = nil
    events.append(.closed)
    if mapping == nil { forgetFile() }
    return .ok
  }

  /// The last reference to the inode is gone: the kernel frees its pages.
  /// Its memslots are deleted from the VM too: the kernel unbinds them on release (their gmem file is gone), and
  /// a slot left behind would keep its number and gpa range, so a later file's `bind` or guest access could meet it.
  /// The model drops them at eviction as well.
  private func forgetFile() {
    if let machine {
      for slot in slots { try? MemoryRegion.deleting(slot: slot.slot).set(on: machine.vmFD) }
    }
    slots.removeAll()
    sharedBackings.removeAll()
    attributes.forgetPages()
    events.append(.released)
    file = nil
    events.append(.evicted)
  }

  func bind(_ spec: BindSpec) throws(OperationFailure) -> Outcome {
    let gmem = try openFile()
    guard let machine else { throw OperationFailure(.EBADF, "there is no VM") }
    let memslot = spec.memslot(fileSize: gmem.size)
    let mappable = gmem.flags & GmemFlags.upstreamMMAP != 0
    if mapping == nil && mappable { _ = try map(process: HostProcess.vmm) }
    // A file without MMAP: the slot's own shared memory, made before the ioctl and dropped again if it fails.
    let backing =
      mappable || memslot.size == 0
      ? nil
      : try OperationFailure.kernel { () throws(KVMError) in try SharedBacking(length: memslot.size) }
    try OperationFailure.kernel { () throws(KVMError) in
      try region(binding: memslot, gmem: gmem, backing: backing).set(on: machine.vmFD)
    }
    if let backing { sharedBackings[memslot.slot] = backing }
    slots.append(memslot)
    attributes.bound(memslot)
    events.append(.bound(memslot))
    return .ok
  }

  /// The region that binds `memslot` to `gmem`, with userspace_addr = the slot's shared memory (`backing`, or the
  /// one `bind` made), else this process's mapping of its offset now (what this kernel's emulated accesses go
  /// through, kernel-here.md §6), or 0 without one.
  func region(binding memslot: Memslot, gmem: GuestMemfd, backing: SharedBacking? = nil) -> MemoryRegion {
    let shared = backing ?? sharedBackings[memslot.slot]
    return MemoryRegion(
      slot: memslot.slot, gpa: memslot.gpa, size: memslot.size,
      userspaceAddress: shared?.address ?? mapping.map { $0.address(ofOffset: memslot.offset) } ?? 0,
      guestMemfd: (gmem.fd, memslot.offset))
  }

  func unbind(slot: Int) throws(OperationFailure) -> Outcome {
    guard let machine else { throw OperationFailure(.EBADF, "there is no VM") }
    try OperationFailure.kernel { () throws(KVMError) in
      try MemoryRegion.deleting(slot: slot).set(on: machine.vmFD)
    }
    slots.removeAll { $0.slot == slot }
    sharedBackings[slot] = nil
    events.append(.unbound(slot: slot))
    return .ok
  }

  func fallocate(_ range: FileRange, punch: Bool) throws(OperationFailure) -> Outcome {
    let gmem = try openFile()
    let call = punch ? "fallocate(PUNCH_HOLE|KEEP_SIZE)" : "fallocate(KEEP_SIZE)"
    func once(_ offset: UInt64, _ length: UInt64) throws(OperationFailure) {
      try OperationFailure.kernel { () throws(KVMError) in
        if punch {
          try gmem.punchHole(offset: offset, length: length)
        } else {
          try gmem.allocate(offset: offset, length: length)
        }
      }
    }
    // Only a page-aligned range inside the file is cut into chunks: the kernel then takes each chunk as it would
    // the whole. Any other range goes in one call, so that its EINVAL (unaligned, across EOF) comes before any work.
    let (end, overflow) = range.offset.addingReportingOverflow(range.length)
    let pageMask = GuestMemfd.pageSize - 1
    if !overflow, end <= gmem.size, (range.offset | range.length) & pageMask == 0, range.length > 0 {
      try inChunks(range, chunk: Self.fallocateChunk, call: call, once)
    } else {
      try once(range.offset, range.length)
    }
    return .ok
  }

  /// 64 MiB: about 10 ms of fallocate here, so progress moves smoothly and a stop is quick.
  static let fallocateChunk: UInt64 = 64 << 20

  /// 2 MiB: one MADV_POPULATE_* call covers a huge-page-sized chunk; only a chunk that faults is retried by page.
  static let populateChunk: UInt64 = 2 << 20

  /// The mapping of process 1, or the signal an access without one gets.
  private func requireMapping(_ range: FileRange) throws(OperationFailure) -> GuestMemfdMapping {
    guard let mapping else {
      throw OperationFailure(.signal(.SIGSEGV, at: range.offset), "process 1 does not map the file")
    }
    return mapping
  }

  func hostAccess(_ range: FileRange, write byte: UInt8?, process: Int?) throws(OperationFailure) -> Outcome {
    try requireThisProcess(process, byte == nil ? "host read" : "host write")
    let mapping = try requireMapping(range)
    var seen = ByteSet()
    let call = byte == nil ? "MADV_POPULATE_READ" : "MADV_POPULATE_WRITE"
    let pages = range.touchedPages
    let whole = FileRange(
      offset: Geometry.offset(ofPage: pages.lowerBound),
      length: Geometry.bytes(ofPages: pages.upperBound - pages.lowerBound))
    try inChunks(whole, chunk: Self.populateChunk, call: call) { (offset, length) throws(OperationFailure) in
      // The whole chunk at once; on EFAULT (or past EOF), page by page to find the first page that would SIGBUS.
      let inside = offset + length <= mapping.length
      guard inside, (try? mapping.populate(offset: offset, length: length, write: byte != nil)) != nil else {
        try accessPages(offset, length, mapping: mapping, write: byte, seen: &seen, call: call)
        return
      }
      if let byte {
        mapping.fill(offset: offset, length: length, with: byte)
      } else {
        for page in stride(from: offset, to: offset + length, by: Int(GuestMemfd.pageSize)) {
          mapping.read(page: page, into: &seen)
        }
      }
    }
    return byte == nil ? .value(seen) : .ok
  }

  /// Populates and accesses [offset, offset+length) page by page, stopping with SIGBUS at the first page an access
  /// would SIGBUS on (EFAULT from MADV_POPULATE_*, or past i_size) without touching it; the pages before it are
  /// accessed, as a real loop of loads or stores would.
  private func accessPages(
    _ offset: UInt64, _ length: UInt64, mapping: GuestMemfdMapping, write byte: UInt8?, seen: inout ByteSet,
    call: String
  ) throws(OperationFailure) {
    for page in stride(from: offset, to: offset + length, by: Int(GuestMemfd.pageSize)) {
      guard page < mapping.length else {
        throw OperationFailure(
          .signal(.SIGBUS, at: page), "offset \(hex(page)) is at or past i_size \(hex(mapping.length))")
      }
      do {
        try mapping.populate(offset: page, write: byte != nil)
      } catch {
        guard error.errno == EFAULT else { throw OperationFailure(error) }
        throw OperationFailure(
          .signal(.SIGBUS, at: page),
          "\(call) gave EFAULT at \(hex(page)): an access would SIGBUS (the page is not shared); not touched")
      }
      if let byte {
        mapping.fill(offset: page, length: GuestMemfd.pageSize, with: byte)
      } else {
        mapping.read(page: page, into: &seen)
      }
    }
  }

  func advise(_ range: FileRange, _ advice: Int32, _ call: String, _ process: Int?) throws(OperationFailure)
    -> Outcome
  {
    try requireThisProcess(process, call)
    guard let mapping else {
      throw OperationFailure(.ENOMEM, "\(call): process 1 does not map the file")
    }
    let pageMask = GuestMemfd.pageSize - 1
    let (rounded, roundOverflow) = range.length.addingReportingOverflow(pageMask)
    let (end, overflow) = range.offset.addingReportingOverflow(rounded & ~pageMask)
    guard !roundOverflow, !overflow, end <= mapping.length else {
      throw OperationFailure(
        .ENOMEM, "\(call): \(range) is not inside the mapping (\(sizeName(mapping.length)))")
    }
    try OperationFailure.kernel { () throws(KVMError) in
      try mapping.advise(offset: range.offset, length: range.length, advice, name: call)
    }
    return .ok
  }
}
