import GmemModel

/// Command patterns on which the real model (Sources/GmemModel) is known to be wrong today, each with its
/// minimal reproduction. While a switch is true the generator does not produce that pattern, so the rest of
/// the differential test keeps running; once the model is fixed, set the switch to false and the naive
/// model checks the pattern again.
enum KnownIssues {
  /// rfc1 `share` over a page that a process still maps clears uptodate (P30) but keeps the host PTE, so
  /// `InvariantChecker` reports "a mapped page is faulted in". Repro: `profile rfc1`, `vm sw-protected`,
  /// `gmem 4M hugetlb=4K`, `bind`, `mmap`, `host write 0x0+0x1000 0xaa`, `share 0x0+0x1000`.
  static let rfc1ShareOfMappedPageBreaksInvariant = false

  /// With `vmemmapRestoreFails`, an rfc1 `bind` on a sw-protected VM over an allocated whole huge folio
  /// fails with ENOMEM (the split its faultability needs cannot happen) but only after the memslot was added
  /// and the pages made faultable, leaving faultable pages in a whole folio ("a faultable page is in a
  /// 4 KiB folio"). Repro (ModelSettings(vmemmapRestoreFails: true)): `profile rfc1`, `vm sw-protected`,
  /// `gmem 2M hugetlb=2M`, `allocate 0+2M`, `bind`.
  static let rfc1BindSplitFailureLeavesSlot = false

  /// rfc1 `bind` on a VM other than sw-protected sets the range's default faultability to "not faultable"
  /// [F1] even where a process still maps a page (made faultable by an earlier `share`), so
  /// `InvariantChecker` reports "a mapped page is faulted in" and the next access through the existing
  /// PTE gets SIGBUS. Repro: `profile rfc1`, `vm tdx`, `gmem 64K hugetlb=4K`, `bind`, `mmap`,
  /// `share 0x0+0x1000`, `host write 0x0+0x1000 0xaa`, `unbind`, `bind`.
  static let rfc1RebindUnfaultsMappedPages = false

  /// rfc2 `share` zaps every SPTE of the (huge-page-rounded) range, but spec §2.8 (c) step 3 has
  /// KVM_GMEM_CONVERT_SHARED zap only the private SPTEs (KVM_FILTER_PRIVATE): the guest's 4K SPTEs on pages
  /// that were shared already should survive. Repro: `profile rfc2`, `vm sw-protected`,
  /// `gmem 4M hugetlb=2M flags=support-shared,init-private`, `bind`, `share 0x0+0x1000`,
  /// `guest write 0x0+0x1000 0xaa as=shared`, `share 0x0+0x2000` (page 0 loses its SPTE).
  static let rfc2ShareZapsSharedSPTEs = false

  /// True when `command`, applied to a model in the naive model's state, hits one of the patterns above.
  static func excludes(_ command: Command, naive: NaiveModel) -> Bool {
    switch command {
    case .bind(let spec):
      guard naive.profile == .rfc1, let file = naive.file else { return false }
      let offset = min(spec.offset ?? 0, file.size) / 4096 * 4096
      let size = min(spec.size ?? file.size - offset, file.size - offset)
      let pages = Int(offset / 4096)..<Int((offset + size) / 4096)
      if rfc1RebindUnfaultsMappedPages && naive.vm != .swProtected
        && pages.contains(where: { file.pages[$0].mappedBy != 0 })
      {
        return true
      }
      return rfc1BindSplitFailureLeavesSlot && naive.vmemmapRestoreFails && naive.vm == .swProtected
        && file.hugePages(overlapping: pages).contains { file.isAllocated(huge: $0) && !file.split[$0] }
    case .convert(let r, .shared, _):
      guard let file = naive.file, file.isOpen, r.offset < file.size, r.length > 0 else { return false }
      let end = min(r.offset.addingReportingOverflow(r.length).overflow ? file.size : r.offset + r.length, file.size)
      var pages = Int(r.offset / 4096)..<Int((end + 4095) / 4096)
      if rfc1ShareOfMappedPageBreaksInvariant && naive.profile == .rfc1 {
        return pages.contains { file.pages[$0].mappedBy != 0 }
      }
      guard rfc2ShareZapsSharedSPTEs && naive.profile == .rfc2 else { return false }
      let hs = file.hugePages(overlapping: pages)
      if !hs.isEmpty {
        pages = file.pages(ofHuge: hs.lowerBound).lowerBound..<file.pages(ofHuge: hs.upperBound - 1).upperBound
      }
      return pages.contains { !file.pages[$0].isPrivate && file.pages[$0].spte != .none }
    default:
      return false
    }
  }
}
