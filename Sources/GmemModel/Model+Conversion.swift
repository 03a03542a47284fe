// Conversions: `share` and `private` through the profile's API (spec §2.8).
extension GuestMemfdModel {
  func convert(_ r: FileRange, to target: Attribute, content: ContentMode?) throws(OperationFailure) -> Outcome {
    switch policy.api {
    case .vmAttributes: return try setMemoryAttributes(r, to: target, content: content)
    case .gmemConvert: return try gmemConvert(r, to: target, content: content)
    case .gmemAttributes2: return try setMemoryAttributes2(r, to: target, content: content)
    }
  }

  /// The first allocated whole huge folio overlapping `range`, which a conversion to shared would split.
  private func firstWholeFolio(_ file: GmemFile, pages range: Range<Int>) -> Int? {
    guard file.backing.isHuge, !range.isEmpty else { return nil }
    let hs = file.hugeIndex(ofPage: range.lowerBound)...file.hugeIndex(ofPage: range.upperBound - 1)
    return hs.first { file.isAllocated(huge: $0) && !file.split[$0] }
  }

  private func checkVmemmap(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) {
    if settings.vmemmapRestoreFails, let h = firstWholeFolio(file, pages: range) {
      throw OperationFailure(
        .ENOMEM, at: UInt64(h) * file.backing.folioSize,
        "vmemmap restore failed while splitting folio \(h) (HVO)")
    }
  }

  /// Sets the attribute (and, in rfc2/inplace, faultability) of every page in `range` to `target`.
  private func setAttribute(
    _ file: GmemFile, pages range: Range<Int>, to target: Attribute, faultability: Bool
  ) {
    let isPrivate = target == .private
    let before = file.pages.counts(in: range)
    let changed = range.count - (isPrivate ? before.private : before.shared)
    guard changed > 0 || (faultability && before.faultable != (isPrivate ? 0 : range.count)) else {
      return
    }
    file.pages.modify(
      range,
      unchangedWhen: { c in
        (isPrivate ? c.private == c.pages : c.private == 0)
          && (!faultability || c.faultable == c.pages - c.private)
      },
      transform: {
        $0.isPrivate = isPrivate
        if faultability { $0.isFaultable = !isPrivate }
      })
    if changed > 0 { events.append(.attributes(FileRange(pages: range), target, pages: changed)) }
  }

  /// The pages whose huge folios a conversion to private over `range` may merge (ConversionPolicy.mergeRule).
  func mergeScope(_ file: GmemFile, _ range: Range<Int>) -> Range<Int> {
    policy.mergeRule.scope(of: range, pagesPerFolio: file.pagesPerFolio)
  }

  /// A request of size 0: EINVAL, or a no-op (true), by the design's ConversionPolicy.zeroSize.
  private func isEmptyNoOp(_ r: FileRange) throws(OperationFailure) -> Bool {
    guard r.length == 0 else { return false }
    guard policy.zeroSize == .noOp else {
      throw OperationFailure(.EINVAL, "size 0 (\(policy.api.call) refuses it)")
    }
    return true
  }

  /// The first pinned page among `range`, as an EAGAIN failure: the folio's refcount is not safe [P3-09].
  private func checkSafeRefcounts(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) {
    if let p = file.pages.firstPage(in: range, where: { $0.isPinned && $0.isAllocated }) {
      let off = Geometry.offset(ofPage: p)
      throw OperationFailure(
        policy.pinnedToPrivate ?? .EAGAIN, at: off,
        "page \(hex(off)) is pinned: its folio's refcount is not the filemap's plus one; unpin and retry"
      )
    }
  }

  // MARK: rfc1 and upstream: KVM_SET_MEMORY_ATTRIBUTES on the VM fd

  private func setMemoryAttributes(_ r: FileRange, to target: Attribute, content: ContentMode?)
    throws(OperationFailure) -> Outcome
  {
    guard let vm else { throw OperationFailure(.EBADF, "no VM") }
    guard let file else { throw OperationFailure(.EBADF, "no guest_memfd") }
    if let refusal = policy.contentModeRefusal(content, to: target, vm: vm) { throw refusal }
    if target == .private && !vm.hasPrivateMemory {
      throw OperationFailure(.EINVAL, "PRIVATE is not a supported attribute on a \(vm.rawValue) VM")
    }
    if try isEmptyNoOp(r) { return .ok }
    guard r.end != nil else { throw OperationFailure(.EINVAL, "address + size overflows") }
    guard r.isPageAligned else { throw OperationFailure(.EINVAL, "address and size must be page aligned") }
    guard r.offset + r.length <= file.size else {
      throw OperationFailure(.EINVAL, "\(r) passes the end of the file")
    }
    let range = pages(r)
    let toPrivate = target == .private
    if range.count == 1 && onePageConversions, let slot = memslot(binding: r.offset) {
      let gfn = slot.gpa(ofOffset: r.offset) >> Geometry.pageShift
      if memAttrs.isPrivate(gfn) == toPrivate {
        events.append(.unchanged(r, target, check: policy.api.unchangedRangeCheck))
        return .ok
      }
      if try convertPage(file, page: range.lowerBound, gfn: gfn, to: target) { return .ok }
    }
    // Every page must be bound (checked before any change); the attributes are set per memslot after.
    var unchanged = true
    try forEachBoundSpan(range) { slot, span in
      if unchanged && !memAttrs.all(Self.gfns(of: span, in: slot), private: toPrivate) { unchanged = false }
    }
    // Nothing to do when every gfn already has the attribute: kvm_vm_set_mem_attributes returns 0 before the
    // SPTE zap, the gmem hook (no mapping or pin check, no faultability change) and patch 30's "prepared" reset.
    // The spec's §2.8 (b) ordering leaves this early return out.
    if unchanged {
      events.append(.unchanged(r, target, check: policy.api.unchangedRangeCheck))
      return .ok
    }
    // Step 2: the SPTEs go first (invalidate begin), whatever the gmem hook then decides [P29].
    zapSPTEs(file, pages: range)
    // The gmem hooks run while the inode lives, after `close` too until the last `munmap` releases it.
    let hooks = policy.faultabilityIsSeparate
    if hooks {
      try gmemShouldSetAttributes(file, pages: range, to: target)
    }
    try forEachBoundSpan(range) { slot, span in memAttrs.set(Self.gfns(of: span, in: slot), private: toPrivate) }
    setAttribute(file, pages: range, to: target, faultability: false)
    if hooks { clearPrepared(file, pages: range) }
    return .ok
  }

  /// Patch 30: uptodate ("prepared") is cleared on every folio `range` touches, so the next use re-zeroes
  /// (`kvm_gmem_clear_prepared_vm`); a whole huge folio is cleared whole.
  func clearPrepared(_ file: GmemFile, pages range: Range<Int>) {
    guard policy.clearsPreparedOnConversion else { return }
    var cleared = range
    if file.backing.isHuge {
      let first = file.hugeIndex(ofPage: range.lowerBound)
      let last = file.hugeIndex(ofPage: range.upperBound - 1)
      let lo = file.split[first] ? range.lowerBound : file.pageRange(ofHuge: first).lowerBound
      let hi = file.split[last] ? range.upperBound : file.pageRange(ofHuge: last).upperBound
      cleared = lo..<hi
    }
    let n = file.pages.counts(in: cleared).uptodate
    if n > 0 {
      file.pages.modify(cleared, unchangedWhen: { $0.uptodate == 0 }, transform: { $0.isUptodate = false })
      events.append(.uptodateCleared(FileRange(pages: cleared), pages: n))
    }
  }

  /// The gfns `slot` maps the file pages `span` to.
  private static func gfns(of span: Range<Int>, in slot: Memslot) -> Range<UInt64> {
    let gfn = slot.gpa(ofOffset: Geometry.offset(ofPage: span.lowerBound)) >> Geometry.pageShift
    return gfn..<(gfn + UInt64(span.count))
  }

  /// Calls `body` with each memslot binding `range` and the pages of `range` it binds, in order; EINVAL at the first
  /// page no memslot binds.
  private func forEachBoundSpan(
    _ range: Range<Int>, _ body: (Memslot, Range<Int>) -> Void
  ) throws(OperationFailure) {
    var p = range.lowerBound
    while p < range.upperBound {
      guard let slot = memslot(binding: Geometry.offset(ofPage: p)) else {
        throw OperationFailure(
          .EINVAL, at: Geometry.offset(ofPage: p),
          "offset \(hex(Geometry.offset(ofPage: p))) is not bound to a gpa: KVM_SET_MEMORY_ATTRIBUTES takes guest addresses"
        )
      }
      let hi = min(range.upperBound, Geometry.page(ofOffset: slot.offset + slot.size))
      body(slot, p..<hi)
      p = hi
    }
  }

  /// RFC1's gmem hook `kvm_gmem_should_set_attributes` with patch 39: faultability, the mapping/pin check,
  /// and split or reconstruct [P29] [P39].
  private func gmemShouldSetAttributes(
    _ file: GmemFile, pages range: Range<Int>, to target: Attribute
  ) throws(OperationFailure) {
    if target == .shared {
      try checkVmemmap(file, pages: range)
      let n = range.count - file.pages.counts(in: range).faultable
      file.pages.modify(range, unchangedWhen: { $0.faultable == $0.pages }, transform: { $0.isFaultable = true })
      if n > 0 { events.append(.faultability(FileRange(pages: range), faultable: true, pages: n)) }
      try restructure(file, pages: range)
      return
    }
    // To private: the kernel clears faultability, checks, and on failure sets the whole range faultable
    // (rollBackToFaultable); checking first is the same observable result.
    if let p = file.pages.firstPage(
      in: range, where: { $0.isAllocated && ($0.isMapped || $0.isPinned) })
    {
      let s = file.pages.state(at: p)
      let off = Geometry.offset(ofPage: p)
      let why =
        s.isPinned ? "is pinned (folio_maybe_dma_pinned)" : "is mapped by the host (folio_mapped)"
      // kvm_gmem_no_mappings_range: EINVAL with no offset; the policy names the errno.
      let errno = (s.isPinned ? policy.pinnedToPrivate : policy.mappedToPrivate) ?? .EINVAL
      try rollBackToFaultable(file, pages: range)
      throw OperationFailure(
        .errno(errno, at: nil),
        "page \(hex(off)) \(why): RFC1 refuses to make it private; \(s.isPinned ? "unpin it" : "munmap or MADV_DONTNEED it") first"
      )
    }
    let n = file.pages.counts(in: range).faultable
    file.pages.modify(range, unchangedWhen: { $0.faultable == 0 }, transform: { $0.isFaultable = false })
    if n > 0 { events.append(.faultability(FileRange(pages: range), faultable: false, pages: n)) }
    try restructure(file, pages: range, mergeScope: mergeScope(file, range))
  }

  /// The rollback of a refused conversion to private (patch 39's `kvm_gmem_should_set_attributes`): it
  /// re-applies the opposite faultability, `kvm_gmem_try_set_faultable_vm(kvm, start, end, true)`, to the whole
  /// range, so pages that were private and unfaultable before become faultable too, and
  /// `kvm_gmem_try_split_folios_range` splits every huge folio that now holds a faultable index. The spec's
  /// §2.8 (b) reads this as restoring the earlier faultability. When vmemmap restores fail, the kernel's split
  /// only WARNs; the model leaves the pages of a whole folio it cannot split as they were.
  private func rollBackToFaultable(_ file: GmemFile, pages range: Range<Int>) throws(OperationFailure) {
    var runs = [range]
    if file.backing.isHuge && settings.vmemmapRestoreFails {
      let hs = file.hugeIndex(ofPage: range.lowerBound)...file.hugeIndex(ofPage: range.upperBound - 1)
      runs = hs.filter { !(file.isAllocated(huge: $0) && !file.split[$0]) }.map {
        let hp = file.pageRange(ofHuge: $0)
        return max(hp.lowerBound, range.lowerBound)..<min(hp.upperBound, range.upperBound)
      }
    }
    for run in runs {
      let n = run.count - file.pages.counts(in: run).faultable
      guard n > 0 else { continue }
      file.pages.modify(run, unchangedWhen: { $0.faultable == $0.pages }, transform: { $0.isFaultable = true })
      events.append(.faultability(FileRange(pages: run), faultable: true, pages: n))
    }
    // Only splits are left to do: every folio the range touches now holds a faultable index, or could not split.
    try restructure(file, pages: range)
  }

  // MARK: rfc2: KVM_GMEM_CONVERT_SHARED / _PRIVATE on the gmem fd

  private func checkGmemRange(_ r: FileRange, _ file: GmemFile) throws(OperationFailure) {
    guard let end = r.end else { throw OperationFailure(.EINVAL, "offset + size overflows") }
    guard r.isPageAligned else { throw OperationFailure(.EINVAL, "offset and size must be page aligned") }
    guard r.offset < file.size || (r.length == 0 && r.offset <= file.size), end <= file.size else {
      throw OperationFailure(.EINVAL, "\(r) passes i_size \(hex(file.size))")
    }
  }

  private func gmemConvert(_ r: FileRange, to target: Attribute, content: ContentMode?) throws(OperationFailure)
    -> Outcome
  {
    let file = try openFile()
    guard let vm else { throw OperationFailure(.EBADF, "no VM") }
    if let refusal = policy.contentModeRefusal(content, to: target, vm: vm) { throw refusal }
    if try isEmptyNoOp(r) { return .ok }
    try checkGmemRange(r, file)
    guard file.flags.mmap else {
      throw OperationFailure(.EINVAL, "the file was created without SUPPORT_SHARED")
    }
    try convertInFile(file, pages(r), to: target, zero: false)
    return .ok
  }

  // MARK: inplace: KVM_SET_MEMORY_ATTRIBUTES2 on the gmem fd

  private func setMemoryAttributes2(_ r: FileRange, to target: Attribute, content: ContentMode?)
    throws(OperationFailure) -> Outcome
  {
    let file = try openFile()
    guard let vm else { throw OperationFailure(.EBADF, "no VM") }
    if target == .private && !vm.hasPrivateMemory {
      throw OperationFailure(.EINVAL, "PRIVATE is not a supported attribute on a \(vm.rawValue) VM")
    }
    if let refusal = policy.contentModeRefusal(content, to: target, vm: vm) { throw refusal }
    if try isEmptyNoOp(r) { return .ok }
    try checkGmemRange(r, file)
    try convertInFile(file, pages(r), to: target, zero: content == .zero)
    return .ok
  }

  /// The per-inode conversion shared by rfc2 and inplace: skip what is already there, unmap and check
  /// refcounts going private, zap SPTEs, store, restructure.
  private func convertInFile(
    _ file: GmemFile, _ range: Range<Int>, to target: Attribute, zero: Bool
  ) throws(OperationFailure) {
    let c = file.pages.counts(in: range)
    let pending = target == .private ? c.shared : c.private
    guard pending > 0 else {
      // kvm_gmem_convert_compute_work finds no work (rfc2); kvm_gmem_range_has_attributes (inplace).
      events.append(.unchanged(FileRange(pages: range), target, check: policy.api.unchangedRangeCheck))
      return
    }
    if target == .private {
      // The kernel unmaps host PTEs itself, before the refcount check; the unmap stands if the check fails.
      unmapHostPTEs(file, pages: range)
      try checkSafeRefcounts(file, pages: range)
    } else {
      try checkVmemmap(file, pages: range)
    }
    var invalidate = range
    if file.backing.isHuge {
      // With a HugeTLB allocator the invalidation is rounded out to huge page boundaries.
      invalidate =
        file.pageRange(ofHuge: file.hugeIndex(ofPage: range.lowerBound))
        .lowerBound..<file.pageRange(ofHuge: file.hugeIndex(ofPage: range.upperBound - 1))
        .upperBound
    }
    if policy.toSharedZapsOnlyPrivateSPTEs && target == .shared {
      // KVM_GMEM_CONVERT_SHARED zaps the private SPTEs only (KVM_FILTER_PRIVATE) [F2].
      zapSPTEs(file, pages: invalidate, only: { $0.isPrivate })
    } else {
      zapSPTEs(file, pages: invalidate)
    }
    setAttribute(file, pages: range, to: target, faultability: true)
    if zero {
      file.pages.modify(range) { $0.content = 0 }
    }
    try restructure(file, pages: range, mergeScope: mergeScope(file, range))
  }
}
