import GmemModel

/// A naive reference model of guest_memfd for differential testing: it keeps every page in a plain array and
/// applies each rule page by page, with no uniform runs, no fast paths and no stored counters. It implements
/// the `Command`s of the real model with the same outcomes and per-page effects (spec §2, §7).
final class NaiveModel {
  /// HugeTLB Vmemmap Optimization: a split restores `64 × pages − 4 KiB` bytes of vmemmap per folio.
  let hvo: Bool
  /// Every vmemmap restore, and so every split of a huge folio, fails with ENOMEM (§2.10).
  let vmemmapRestoreFails: Bool
  /// Upstream shared guest accesses are emulated through process 1's mapping (a PVM host, kernel-here.md §6).
  let emulatedGuestAccess: Bool
  var profile: Profile = .rfc1
  var vm: VMType?
  /// Huge pages per size that the pool holds apart from the file's allocations: `free_hugepages` is this
  /// minus what the file has allocated of that size.
  var poolTotal: [Backing: Int] = [:]
  /// Sizes whose pool a `pool` line set (else `gmem` sizes the pool to exactly what it needs).
  var poolSet: Set<Backing> = []
  var file: NaiveFile?
  var slots: [NaiveSlot] = []
  /// The VM's mem_attr_array: the gfns that are PRIVATE (rfc1, upstream).
  var privateGFNs: Set<UInt64> = []

  init(hvo: Bool = true, vmemmapRestoreFails: Bool = false, emulatedGuestAccess: Bool = false) {
    self.hvo = hvo
    self.vmemmapRestoreFails = vmemmapRestoreFails
    self.emulatedGuestAccess = emulatedGuestAccess
  }

  /// Applies one command and returns its outcome.
  func apply(_ command: Command) -> Outcome {
    do {
      return try perform(command)
    } catch let failure as NaiveFailure {
      return failure.outcome
    } catch {
      return .errno(.EINVAL, at: nil)
    }
  }

  private func perform(_ command: Command) throws -> Outcome {
    switch command {
    case .profile(let p): return try setProfile(p)
    case .vm(let t): return try createVM(t)
    case .pool(let settings): return try setPool(settings)
    case .gmem(let spec): return try createGmem(spec)
    case .bind(let spec): return try bind(spec)
    case .unbind(let slot): return try unbind(slot: slot ?? 1)
    case .mmap(let p): return try mmap(process: p ?? 1)
    case .munmap(let p): return munmap(process: p ?? 1)
    case .close: return try close()
    case .allocate(let r): return try allocate(r)
    case .punch(let r): return try punch(r)
    case .convert(let r, let to, let content): return try convert(r, to: to, content: content)
    case .hostRead(let r, let p): return try hostAccess(r, write: nil, process: p ?? 1)
    case .hostWrite(let r, let b, let p): return try hostAccess(r, write: b, process: p ?? 1)
    case .guestRead(let r, let kind): return try guestAccess(r, write: nil, kind: kind)
    case .guestWrite(let r, let b, let kind): return try guestAccess(r, write: b, kind: kind)
    case .pin(let r): return try pin(r)
    case .unpin(let r): return try unpin(r)
    case .dontneed(let r, let p): return try dontneed(r, process: p ?? 1)
    case .remove(let r, let p): return try remove(r, process: p ?? 1)
    }
  }

  // MARK: - Derived counters

  /// `free_hugepages` of a size.
  func poolFree(_ b: Backing) -> Int {
    (poolTotal[b] ?? 0) - used(b)
  }

  /// Huge pages of a size not free: allocated to the file or held by its orphans.
  func used(_ b: Backing) -> Int {
    file.map { $0.backing == b ? $0.allocatedHugeCount + $0.held.count : 0 } ?? 0
  }

  /// `resv_hugepages` of a size: the file's huge pages not yet allocated.
  func poolResv(_ b: Backing) -> Int {
    guard let file, file.backing == b else { return 0 }
    return file.hugeCount - file.allocatedHugeCount - file.held.count
  }

  /// The open file, or EBADF.
  func openFile() throws -> NaiveFile {
    guard let file, file.isOpen else { throw NaiveFailure(.EBADF) }
    return file
  }

  /// The memslot binding file page `p`.
  func slot(binding p: Int) -> NaiveSlot? { slots.first { $0.binds(page: p) } }

  /// The pages of a byte range, rounded outward (the range must not overflow).
  func pageRange(_ r: FileRange) -> Range<Int> {
    Int(r.offset / 4096)..<Int((r.offset + r.length + 4095) / 4096)
  }

  // MARK: - Setup

  private func setProfile(_ p: Profile) throws -> Outcome {
    guard vm == nil else { throw NaiveFailure(.EBUSY) }
    profile = p
    return .ok
  }

  private func createVM(_ t: VMType) throws -> Outcome {
    guard vm == nil else { throw NaiveFailure(.EEXIST) }
    vm = t
    return .ok
  }

  private func setPool(_ settings: [PoolSetting]) throws -> Outcome {
    for s in settings {
      guard s.backing != .base4K else { throw NaiveFailure(.EINVAL) }
      guard s.count >= poolResv(s.backing) else { throw NaiveFailure(.EBUSY) }
    }
    for s in settings {
      poolTotal[s.backing] = s.count + used(s.backing)
      poolSet.insert(s.backing)
    }
    return .ok
  }

  private func createGmem(_ spec: GmemSpec) throws -> Outcome {
    if vm == nil { vm = .swProtected }  // `gmem` creates the VM implicitly
    guard let vm else { return .ok }
    guard file == nil else { throw NaiveFailure(.EBUSY) }  // one file at a time
    guard let flags = NaiveFlags.resolve(spec, profile: profile, vm: vm) else { throw NaiveFailure(.EINVAL) }
    let size = spec.size
    guard size > 0, size < 1 << 63, size % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    guard size % flags.backing.folioSize == 0 else { throw NaiveFailure(.EINVAL) }  // [P16] [GH]
    guard size <= 1 << 46 else { throw NaiveFailure(.ENOMEM) }  // the model's own limit
    if flags.backing != .base4K {
      let needed = Int(size / flags.backing.folioSize)
      if !poolSet.contains(flags.backing) { poolTotal[flags.backing] = needed + used(flags.backing) }
      // No file exists, so nothing of the pool is reserved: the subpool needs `needed` free pages.
      guard poolFree(flags.backing) >= needed else { throw NaiveFailure(.ENOMEM) }
    }
    var initial = NaivePage()
    switch profile {
    case .rfc1: break  // shared in the VM's attributes, faultability empty [F1]
    case .upstream: initial.faultable = flags.initShared
    case .rfc2, .inplace:
      initial.isPrivate = !flags.initShared
      initial.faultable = flags.initShared
    }
    file = NaiveFile(
      size: size, backing: flags.backing, mmapAllowed: flags.mmap, initShared: flags.initShared, initial: initial)
    return .ok
  }

  private func bind(_ spec: BindSpec) throws -> Outcome {
    let file = try openFile()
    guard let vm else { throw NaiveFailure(.EBADF) }
    let id = spec.slot ?? 1
    let offset = spec.offset ?? 0
    let gpa = spec.gpa ?? (4 << 30)
    let size = spec.size ?? (file.size > offset ? file.size - offset : 0)
    // Emulated guest accesses need the file's own mapping as userspace_addr: the VMM maps it first, and keeps it
    // if the bind then fails.
    if profile == .upstream && emulatedGuestAccess && file.mmapAllowed { file.mappedBy.insert(1) }
    // rfc1 and rfc2 accept KVM_MEM_GUEST_MEMFD only on VMs with private memory.
    if (profile == .rfc1 || profile == .rfc2) && !vm.hasPrivateMemory { throw NaiveFailure(.EINVAL) }
    // upstream (measured on Linux 6.18): x86 KVM_USER_MEM_SLOTS is 32764.
    guard id >= 0, id < 32764 else { throw NaiveFailure(.EINVAL) }
    guard size > 0 else { throw NaiveFailure(.EINVAL) }
    guard gpa % 4096 == 0, size % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    guard size / 4096 < 1 << 31 else { throw NaiveFailure(.EINVAL) }  // KVM_MEM_MAX_NR_PAGES
    // KVM refuses a gpa range that wraps or passes the largest guest physical address (52 bits).
    let (gpaEnd, wraps) = gpa.addingReportingOverflow(size)
    guard !wraps, gpaEnd <= 1 << 52 else { throw NaiveFailure(.EINVAL) }
    guard offset % 4096 == 0, offset <= file.size, size <= file.size - offset else { throw NaiveFailure(.EINVAL) }
    guard !slots.contains(where: { $0.slot == id }) else { throw NaiveFailure(.EINVAL) }
    guard !slots.contains(where: { gpa < $0.gpa + $0.size && $0.gpa < gpa + size }) else { throw NaiveFailure(.EEXIST) }
    guard !slots.contains(where: { offset < $0.offset + $0.size && $0.offset < offset + size }) else {
      throw NaiveFailure(.EINVAL)
    }
    let slot = NaiveSlot(slot: id, gpa: gpa, offset: offset, size: size)
    if profile == .rfc1 && vm == .swProtected && vmemmapRestoreFails {
      // Making an allocated whole huge folio faultable needs a split, which cannot happen: refuse first.
      if let h = file.hugePages(overlapping: slot.pages).first(where: { file.isAllocated(huge: $0) && !file.split[$0] })
      {
        throw NaiveFailure(.ENOMEM, at: UInt64(h) * file.backing.folioSize)
      }
    }
    slots.append(slot)
    if !profile.attributesLiveInFile {
      // The page now shows the attribute of the gfn bound to it.
      for p in slot.pages { file.pages[p].isPrivate = privateGFNs.contains(slot.gfn(ofPage: p)) }
    }
    if profile == .rfc1 {
      // Default faultability by VM type, set at bind [F1]: SW_PROTECTED faultable, others not.
      for p in slot.pages { file.pages[p].faultable = vm == .swProtected }
      try restructure(file, pages: slot.pages)
    }
    return .ok
  }

  private func unbind(slot id: Int) throws -> Outcome {
    // upstream: no VM, no VM fd to delete a slot on.
    if vm == nil { throw NaiveFailure(.EBADF) }
    guard let index = slots.firstIndex(where: { $0.slot == id }) else { throw NaiveFailure(.EINVAL) }
    if let file { zapSPTEs(file, pages: slots[index].pages) }
    slots.remove(at: index)
    return .ok
  }

  private func mmap(process p: Int) throws -> Outcome {
    let file = try openFile()
    guard p >= 1, p <= 8 else { throw NaiveFailure(.EINVAL) }
    // Without MMAP (SUPPORT_SHARED in rfc2) mmap is ENODEV; rfc1 always allows MAP_SHARED.
    guard file.mmapAllowed else { throw NaiveFailure(.ENODEV) }
    file.mappedBy.insert(p)
    return .ok
  }

  private func munmap(process p: Int) -> Outcome {
    guard let file, file.mappedBy.contains(p) else { return .ok }
    for i in 0..<file.pageCount { file.pages[i].setMapped(by: p, false) }
    file.mappedBy.remove(p)
    if !file.isOpen && file.mappedBy.isEmpty { evict() }
    return .ok
  }

  /// A mapping holds the file too: it is released (bindings, SPTEs) only with the last reference, and then evicted.
  private func close() throws -> Outcome {
    let file = try openFile()
    file.isOpen = false
    if file.mappedBy.isEmpty { evict() }
    return .ok
  }

  /// The last reference went: every folio is freed and the subpool returned; the memslots go with it. The pins
  /// of its pages go too (process 1 closes the io_uring rings holding them), so nothing stays out of the pool.
  func evict() {
    file = nil
    slots = []
  }
}
