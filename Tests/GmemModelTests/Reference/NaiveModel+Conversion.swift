import GmemModel

// `share` and `private` through each design's API (spec §2.8).
extension NaiveModel {
  func convert(_ r: FileRange, to target: Attribute, content: ContentMode?) throws -> Outcome {
    switch profile {
    case .rfc1, .upstream: try setMemoryAttributes(r, to: target, content: content)
    case .rfc2: try gmemConvert(r, to: target, content: content)
    case .inplace: try setMemoryAttributes2(r, to: target, content: content)
    }
    return .ok
  }

  /// KVM_SET_MEMORY_ATTRIBUTES on the VM fd over the gpas bound to the file range (§2.8 a), with rfc1's
  /// guest_memfd hooks (§2.8 b: faultability, the mapped/pinned check, split/reconstruct, P30).
  private func setMemoryAttributes(_ r: FileRange, to target: Attribute, content: ContentMode?) throws {
    guard let vm, let file else { throw NaiveFailure(.EBADF) }
    guard content == nil else { throw NaiveFailure(.EINVAL) }  // flags must be 0
    if target == .private && !vm.hasPrivateMemory { throw NaiveFailure(.EINVAL) }
    guard r.length > 0 else { throw NaiveFailure(.EINVAL) }
    guard !r.offset.addingReportingOverflow(r.length).overflow else { throw NaiveFailure(.EINVAL) }
    guard r.offset % 4096 == 0, r.length % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    guard r.offset + r.length <= file.size else { throw NaiveFailure(.EINVAL) }
    let range = pageRange(r)
    // The ioctl takes guest addresses: every page must be bound.
    for p in range where slot(binding: p) == nil { throw NaiveFailure(.EINVAL, at: UInt64(p) * 4096) }
    // kvm_vm_set_mem_attributes: nothing to do when every gfn already has the attribute; no zap, no hook.
    if range.allSatisfy({ privateGFNs.contains(slot(binding: $0)!.gfn(ofPage: $0)) == (target == .private) }) { return }
    zapSPTEs(file, pages: range)  // invalidate begin comes first, whatever the hook decides [P29]
    let hooks = profile == .rfc1  // a file closed but still mapped is not released: its hook still runs
    if hooks {
      if target == .private
        && range.contains(where: {
          file.pages[$0].allocated && (file.pages[$0].mappedBy != 0 || file.pages[$0].pins > 0)
        })
      {
        // folio_mapped || folio_maybe_dma_pinned [P29] [P35]. Patch 39's rollback makes the whole range
        // faultable, and splits what that needs (a whole folio that cannot split keeps its pages as they were).
        for p in range {
          let h = file.backing == .base4K ? 0 : file.huge(ofPage: p)
          if file.backing != .base4K && vmemmapRestoreFails && file.isAllocated(huge: h) && !file.split[h] { continue }
          file.pages[p].faultable = true
        }
        try restructure(file, pages: range)
        throw NaiveFailure(.EINVAL)
      }
      if target == .shared { try checkVmemmap(file, pages: range) }
      for p in range { file.pages[p].faultable = target == .shared }
      // Patch 39 merges only the huge pages a conversion to private covers whole.
      let n = file.pagesPerHuge
      let covered =
        ((range.lowerBound + n - 1) / n * n)..<max((range.lowerBound + n - 1) / n * n, range.upperBound / n * n)
      try restructure(file, pages: range, mergeScope: target == .private ? covered : nil)
    }
    for p in range {
      let gfn = slot(binding: p)!.gfn(ofPage: p)
      if target == .private { privateGFNs.insert(gfn) } else { privateGFNs.remove(gfn) }
      file.pages[p].isPrivate = target == .private
    }
    if hooks {
      // P30: every folio in the range loses uptodate ("prepared"); a whole huge folio loses it everywhere.
      var clearedHuge: Set<Int> = []
      for p in range {
        let folio = file.folio(ofPage: p)
        if folio.count == 1 {
          file.pages[p].uptodate = false
        } else if clearedHuge.insert(file.huge(ofPage: p)).inserted {
          for q in folio { file.pages[q].uptodate = false }
        }
      }
    }
  }

  /// The offset/size checks of the guest_memfd conversion ioctls (§2.8 c, d).
  private func checkFileRange(_ r: FileRange, _ file: NaiveFile) throws {
    let (end, overflow) = r.offset.addingReportingOverflow(r.length)
    guard !overflow else { throw NaiveFailure(.EINVAL) }
    guard r.offset % 4096 == 0, r.length % 4096 == 0 else { throw NaiveFailure(.EINVAL) }
    guard r.offset < file.size, end <= file.size else { throw NaiveFailure(.EINVAL) }
  }

  /// rfc2: KVM_GMEM_CONVERT_SHARED / _PRIVATE on the gmem fd (§2.8 c).
  private func gmemConvert(_ r: FileRange, to target: Attribute, content: ContentMode?) throws {
    let file = try openFile()
    guard content == nil else { throw NaiveFailure(.EINVAL) }  // no content flags in kvm_gmem_convert
    guard r.length > 0 else { return }  // size 0 is a no-op [P2-conv]
    try checkFileRange(r, file)
    guard file.mmapAllowed else { throw NaiveFailure(.EINVAL) }  // the file was made without SUPPORT_SHARED
    try convertInFile(file, pageRange(r), to: target, zero: false)
  }

  /// inplace: KVM_SET_MEMORY_ATTRIBUTES2 on the gmem fd, with content modes (§2.8 d).
  private func setMemoryAttributes2(_ r: FileRange, to target: Attribute, content: ContentMode?) throws {
    let file = try openFile()
    guard let vm else { throw NaiveFailure(.EBADF) }
    if target == .private && !vm.hasPrivateMemory { throw NaiveFailure(.EINVAL) }
    // ZERO only for private→shared (kvm_gmem_content_mode_is_supported); SNP/TDX support only ZERO when going
    // shared (kvm_arch_gmem_supported_content_modes).
    if content == .zero && target == .private { throw NaiveFailure(.EOPNOTSUPP) }
    if content == .preserve && target == .shared && (vm == .snp || vm == .tdx) { throw NaiveFailure(.EOPNOTSUPP) }
    guard r.length > 0 else { throw NaiveFailure(.EINVAL) }  // unlike rfc2, size 0 is refused
    try checkFileRange(r, file)
    try convertInFile(file, pageRange(r), to: target, zero: content == .zero)
  }

  /// The per-inode conversion of rfc2 and inplace: nothing to do when every page is there already; going
  /// private, host PTEs are zapped and a pinned page fails the call with EAGAIN at it; then SPTEs go (over
  /// whole huge pages with HugeTLB), the attribute and faultability are stored, and folios split or merge.
  private func convertInFile(_ file: NaiveFile, _ range: Range<Int>, to target: Attribute, zero: Bool) throws {
    let toPrivate = target == .private
    guard range.contains(where: { file.pages[$0].isPrivate != toPrivate }) else { return }
    if toPrivate {
      unmapAllProcesses(file, pages: range)  // stays unmapped even when the refcount check fails
      if let p = range.first(where: { file.pages[$0].pins > 0 && file.pages[$0].allocated }) {
        throw NaiveFailure(.EAGAIN, at: UInt64(p) * 4096)
      }
    } else {
      try checkVmemmap(file, pages: range)
    }
    var invalidate = range
    if file.backing != .base4K {
      let hs = file.hugePages(overlapping: range)
      invalidate = file.pages(ofHuge: hs.lowerBound).lowerBound..<file.pages(ofHuge: hs.upperBound - 1).upperBound
    }
    if profile == .rfc2 && !toPrivate {
      // RFC2 to shared zaps only the private SPTEs (KVM_FILTER_PRIVATE) of the invalidated range [F2].
      var spans: [Range<Int>] = []
      for p in invalidate where file.pages[p].spte != .none && file.pages[p].isPrivate {
        spans.append(spteSpan(file, page: p, level: file.pages[p].spte))
      }
      for span in spans {
        for q in span { file.pages[q].spte = .none }
      }
    } else {
      zapSPTEs(file, pages: invalidate)
    }
    for p in range {
      file.pages[p].isPrivate = toPrivate
      file.pages[p].faultable = !toPrivate
      if zero { file.pages[p].content = 0 }
    }
    try restructure(file, pages: range)
  }
}
