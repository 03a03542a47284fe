// Setup: profile, vm, pool, gmem, bind, unbind, mmap, munmap, close (spec §2.1, §2.2, §2.4, §2.11).
extension GuestMemfdModel {
  func setProfile(_ p: Profile) throws(OperationFailure) -> Outcome {
    guard vm == nil else { throw OperationFailure(.EBUSY, "profile can only change before `vm`") }
    profile = p
    return .ok
  }

  func createVM(_ type: VMType) throws(OperationFailure) -> Outcome {
    guard vm == nil else { throw OperationFailure(.EEXIST, "the model holds one VM; it is already created") }
    if let reason = settings.kernelFeatures(under: profile)?.refusal(vm: type) {
      throw OperationFailure(.EINVAL, reason)
    }
    vm = type
    events.append(.vmCreated(type, implicit: false))
    return .ok
  }

  func setPool(_ settings: [PoolSetting]) throws(OperationFailure) -> Outcome {
    for s in settings {
      guard s.backing.isHuge else { throw OperationFailure(.EINVAL, "the pool holds 2M and 1G pages only") }
      let resv = poolResv[s.backing] ?? 0
      guard s.count >= resv else {
        throw OperationFailure(
          .EBUSY,
          "\(s.count) free \(s.backing.rawValue) pages would be fewer than the \(resv) reserved")
      }
    }
    for s in settings {
      poolFree[s.backing] = s.count
      poolSet.insert(s.backing)
      events.append(.poolSet(s.backing, free: s.count))
    }
    return .ok
  }

  func createGmem(_ spec: GmemSpec) throws(OperationFailure) -> Outcome {
    if vm == nil {
      vm = .swProtected
      events.append(.vmCreated(.swProtected, implicit: true))
    }
    guard let vm else { return .ok }
    if let file {
      throw OperationFailure(
        .EBUSY, "the model holds one guest_memfd (\(sizeName(file.size))); close and unmap it first"
      )
    }
    let (flags, backing): (GmemFlags, Backing)
    switch GmemFlags.resolve(spec, profile: profile, vm: vm) {
    case .success(let resolved): (flags, backing) = resolved
    case .failure(let e): throw OperationFailure(.EINVAL, e.reason)
    }
    if let reason = settings.kernelFeatures(under: profile)?.refusal(gmemFlags: flags.raw, vm: vm) {
      throw OperationFailure(.EINVAL, reason)
    }
    let size = spec.size
    guard size > 0 else { throw OperationFailure(.EINVAL, "size 0: KVM_CREATE_GUEST_MEMFD needs size > 0") }
    guard size < 1 << 63 else { throw OperationFailure(.EINVAL, "size \(hex(size)) is a negative loff_t") }
    guard Geometry.isAligned(size, Geometry.pageSize) else {
      throw OperationFailure(.EINVAL, "size \(size) is not a multiple of PAGE_SIZE")
    }
    if backing.isHuge && !Geometry.isAligned(size, backing.folioSize) {
      // [P16] RFC1 checks the size against the huge page size; RFC2's allocator setup does too [GH].
      throw OperationFailure(
        .EINVAL,
        "size \(sizeName(size)) is not a multiple of the \(backing.rawValue) huge page size")
    }
    guard size <= 1 << 46 else {
      throw OperationFailure(.ENOMEM, "the model holds files up to 64T; \(sizeName(size)) is larger")
    }
    if backing.isHuge {
      let needed = Int(size / backing.folioSize)
      if !poolSet.contains(backing) {
        poolFree[backing] = (poolResv[backing] ?? 0) + needed
      }
      let available = (poolFree[backing] ?? 0) - (poolResv[backing] ?? 0)
      guard available >= needed else {
        throw OperationFailure(
          .ENOMEM,
          "the subpool needs \(needed) × \(backing.rawValue) reserved but the pool has \(available) unreserved"
        )
      }
      poolResv[backing, default: 0] += needed
    }
    let initial = policy.initialHole(
      initShared: flags.initShared, attributesLiveInFile: profile.attributesLiveInFile)
    file = GmemFile(size: size, backing: backing, flags: flags, initial: initial)
    events.append(.gmemCreated(size: size, backing: backing, flags: flags.raw))
    if backing.isHuge { notePool(backing) }
    return .ok
  }

  func bind(_ spec: BindSpec) throws(OperationFailure) -> Outcome {
    let file = try openFile()
    guard let vm else { throw OperationFailure(.EBADF, "no VM") }
    let requested = spec.memslot(fileSize: file.size)
    let (slot, offset, gpa, size) = (requested.slot, requested.offset, requested.gpa, requested.size)
    if policy.followsEmulatedGuestAccess && settings.emulatedGuestAccess && file.flags.mmap
      && !file.mappedBy.contains(HostProcess.vmm)
    {
      // Emulated guest accesses reach the file only through its own mapping as userspace_addr (kernel-here.md
      // §6 A), so the VMM (process 1) maps it before it asks to bind, as the kvm backend does; the mapping stays
      // if the ioctl fails.
      file.mappedBy.insert(HostProcess.vmm)
      events.append(.vmaChanged(process: HostProcess.vmm, mapped: true))
    }
    if policy.bindNeedsPrivateMemory && !vm.hasPrivateMemory {
      throw OperationFailure(
        .EINVAL,
        "KVM_MEM_GUEST_MEMFD is not a valid memslot flag on a \(vm.rawValue) VM (no private memory)"
      )
    }
    if let reason = settings.kernelFeatures(under: profile)?.refusal(bindOn: vm) {
      throw OperationFailure(.EINVAL, reason)
    }
    // x86 KVM_USER_MEM_SLOTS is SHRT_MAX minus 3 internal slots: Linux 6.18 refuses ids 32764-32767 with EINVAL
    // (measured with `gmemviz diff`, beside the binding rules of kernel-here.md §6). Generic KVM: every profile.
    guard (0..<32764).contains(slot) else { throw OperationFailure(.EINVAL, "slot \(slot) is out of range") }
    guard size > 0 else {
      throw OperationFailure(.EINVAL, "memory_size 0 deletes a slot; slot \(slot) does not exist")
    }
    guard Geometry.isAligned(gpa, Geometry.pageSize), Geometry.isAligned(size, Geometry.pageSize)
    else {
      throw OperationFailure(.EINVAL, "gpa and size must be page aligned")
    }
    guard size >> Geometry.pageShift <= (1 << 31) - 1 else {
      throw OperationFailure(.EINVAL, "a memslot holds at most 2^31 - 1 pages (KVM_MEM_MAX_NR_PAGES)")
    }
    guard !gpa.addingReportingOverflow(size).overflow, gpa + size <= 1 << 52 else {
      throw OperationFailure(
        .EINVAL, "gpa \(hex(gpa)) + size \(hex(size)) passes the largest guest physical address (2^52)")
    }
    guard Geometry.isAligned(offset, Geometry.pageSize), offset <= file.size,
      size <= file.size - offset
    else {
      throw OperationFailure(
        .EINVAL, "offset \(hex(offset)) + size \(hex(size)) is not page aligned or passes i_size")
    }
    if memslots.contains(where: { $0.slot == slot }) {
      throw OperationFailure(.EINVAL, "slot \(slot) exists; guest_memfd memslots cannot be changed")
    }
    if let other = memslots.first(where: { gpa < $0.gpa + $0.size && $0.gpa < gpa + size }) {
      throw OperationFailure(.EEXIST, "gpa range overlaps memslot \(other.slot)")
    }
    if let other = memslots.first(where: {
      offset < $0.offset + $0.size && $0.offset < offset + size
    }) {
      throw OperationFailure(.EINVAL, "file range overlaps the binding of memslot \(other.slot)")
    }
    let range = pages(FileRange(offset: offset, length: size))
    let defaultFaultability = policy.faultabilityIsSeparate
    if defaultFaultability && vm == .swProtected && settings.vmemmapRestoreFails && file.backing.isHuge {
      // The default faultability would split every allocated whole folio it touches; refuse before any change.
      let hs = file.hugeIndex(ofPage: range.lowerBound)...file.hugeIndex(ofPage: range.upperBound - 1)
      if let h = hs.first(where: { file.isAllocated(huge: $0) && !file.split[$0] }) {
        throw OperationFailure(
          .ENOMEM, at: UInt64(h) * file.backing.folioSize, "vmemmap restore failed while splitting folio \(h)")
      }
    }
    let m = requested
    memslots.append(m)
    events.append(.bound(m))
    if !profile.attributesLiveInFile {
      // The page shows the attribute of the gfn now bound to it.
      for (gfns, isPrivate) in memAttrs.runs(over: (gpa >> Geometry.pageShift)..<((gpa + size) >> Geometry.pageShift)) {
        let lo = range.lowerBound + Int(gfns.lowerBound - (gpa >> Geometry.pageShift))
        file.pages.modify(lo..<(lo + gfns.count)) { $0.isPrivate = isPrivate }
      }
    }
    if defaultFaultability {
      // Default faultability by VM type, applied at bind [F1 kvm_gmem_set_default_faultability_by_vm_type].
      let faultable = vm == .swProtected
      file.pages.modify(range) { $0.isFaultable = faultable }
      events.append(.faultability(FileRange(pages: range), faultable: faultable, pages: range.count))
      try restructure(file, pages: range)
    }
    return .ok
  }

  func unbind(slot: Int) throws(OperationFailure) -> Outcome {
    // As for `bind`: without a VM there is no VM fd to issue KVM_SET_USER_MEMORY_REGION2 on (kernel-here.md §6).
    if vm == nil { throw OperationFailure(.EBADF, "no VM") }
    guard let index = memslots.firstIndex(where: { $0.slot == slot }) else {
      throw OperationFailure(.EINVAL, "slot \(slot) does not exist")
    }
    let m = memslots[index]
    if let file {
      zapSPTEs(file, pages: pages(FileRange(offset: m.offset, length: m.size)))
    }
    memslots.remove(at: index)
    events.append(.unbound(slot: slot))
    return .ok
  }

  func mmap(process p: Int) throws(OperationFailure) -> Outcome {
    let file = try openFile()
    guard (1...8).contains(p) else { throw OperationFailure(.EINVAL, "the model tracks processes 1 to 8") }
    // RFC1 always allows MAP_SHARED [F1]; the others need a creation flag.
    if let flag = policy.mmapFlag, !file.flags.mmap {
      throw OperationFailure(.ENODEV, "the file was created without \(flag.uapiName)")
    }
    if !file.mappedBy.contains(p) {
      file.mappedBy.insert(p)
      events.append(.vmaChanged(process: p, mapped: true))
    }
    return .ok
  }

  func munmap(process p: Int) throws(OperationFailure) -> Outcome {
    guard let file, file.mappedBy.contains(p) else { return .ok }  // munmap of nothing succeeds
    unmapHostPTEs(file, pages: 0..<file.pageCount, processes: [p])
    file.mappedBy.remove(p)
    events.append(.vmaChanged(process: p, mapped: false))
    if !file.isOpen && file.mappedBy.isEmpty { release(file) }
    return .ok
  }

  /// `close` drops the fd's reference to the file. A mapping holds one too (`vma->vm_file`), so while a process
  /// maps the file it is not released: the bindings and SPTEs stay, guest accesses work and rfc1's gmem hook still
  /// runs; only the calls on the fd (fallocate, bind, the gmem conversion ioctls) give EBADF. Spec §2.11 reads
  /// "closing the fd (release)"; `kvm_gmem_release` is the file's `.release`, which runs at the last fput, so
  /// the model releases at the later of `close` and the last `munmap`.
  func close() throws(OperationFailure) -> Outcome {
    let file = try openFile()
    file.isOpen = false
    events.append(.closed)
    if file.mappedBy.isEmpty { release(file) }
    return .ok
  }

  /// The last reference to the file went (`kvm_gmem_release`): the bindings are invalidated and every SPTE of the
  /// file zapped, which `zapSPTEs` reports as its own event, after the release that causes it (the release's
  /// event does not name the zap again). Nothing else holds the inode, so it is evicted at once.
  private func release(_ file: GmemFile) {
    events.append(.released)
    zapSPTEs(file, pages: 0..<file.pageCount)
    evict(file)
  }

  /// Inode eviction: truncate everything, reconstruct and free huge pages, return the subpool (spec §2.11).
  ///
  /// Pinned pages leave the file as orphans, and the pins belong to process 1's io_uring rings, not to the file.
  /// Once the file is gone no command can name them (`unpin` takes file offsets), so process 1 closes the rings, as
  /// the kvm backend does (`KVMBackend.releasePins(ofEvictedFile:)`): tearing down the registered buffers,
  /// io_uring's `io_buffer_unmap` unpins every page (`unpin_user_page`), the orphans are freed and the huge pages
  /// they held go back to the pool.
  func evict(_ file: GmemFile) {
    let all = 0..<file.pageCount
    let allocated = file.pages.totals.allocated
    let orphaned = orphanPinned(file, pages: all)
    let orphans = file.orphans.total(in: all) { _ in 1 }
    let held = file.heldHugePageCount + (file.backing.isHuge ? file.hugePages(holding: orphaned) : 0)
    if file.backing.isHuge {
      let hugeAllocated = file.wholeFolios + file.splitFolios
      poolFree[file.backing, default: 0] += hugeAllocated + file.heldHugePageCount
      poolResv[file.backing, default: 0] -= file.subpoolReserved
      notePool(file.backing)
      if hugeAllocated > 0 {
        events.append(.freed(FileRange(pages: all), folios: hugeAllocated, backing: file.backing))
      }
    } else if allocated > 0 {
      events.append(.freed(FileRange(pages: all), folios: allocated, backing: file.backing))
    }
    memslots.removeAll()
    self.file = nil
    events.append(.evicted)
    if orphans > 0 { events.append(.ringsClosed(orphans: orphans, hugePages: held, backing: file.backing)) }
  }
}
