import GmemModel

/// Command patterns on which the real model (Sources/GmemModel) is known to be wrong today, each with its
/// minimal reproduction. While a switch is true the generator does not produce that pattern, so the rest of
/// the differential test keeps running; once the model is fixed, set the switch to false and the naive
/// model checks the pattern again.
enum KnownIssues {
  /// `bind` whose gpa + size passes 2^64 traps with an arithmetic overflow in `GuestMemfdModel.bind`
  /// (the overlap check `gpa + size`, and rfc1/upstream's `memAttrs.runs(over:)`), killing the process.
  /// KVM refuses a wrapping gpa range with EINVAL. Repro: `profile rfc1`, `gmem 2M hugetlb=2M`,
  /// `bind gpa=0xffffffffffe00000`.
  static let bindWithWrappingGPATraps = true

  /// rfc1/rfc2 `gmem` without `hugetlb=` but with raw flags that encode a page size: the model ORs the
  /// default 1G encoding over it, so HUGETLB|HUGE_2MB becomes shift 31 and EINVAL ("no hstate"), while
  /// rfc2 accepts a size field without its HUGETLB bit. Repro: `profile rfc1`, `gmem 4M flags=0x54000002`.
  static let rawSizeFieldMixedWithDefault = true

  /// rfc1 `gmem SIZE` with neither `hugetlb=` nor the HUGETLB flag gives base pages, although SCENARIO.md
  /// says the default `hugetlb` is 1G for rfc1 (rfc2 and inplace do default to 1G).
  /// Repro: `profile rfc1`, `gmem 2M`, `allocate 0+2M`, `expect count whole-folios=1`.
  static let rfc1DefaultIsBasePages = true

  /// rfc1 `share` over a page that a process still maps clears uptodate (P30) but keeps the host PTE, so
  /// `InvariantChecker` reports "a mapped page is faulted in". Repro: `profile rfc1`, `vm sw-protected`,
  /// `gmem 4M hugetlb=4K`, `bind`, `mmap`, `host write 0x0+0x1000 0xaa`, `share 0x0+0x1000`.
  static let rfc1ShareOfMappedPageBreaksInvariant = true

  /// True when `command`, applied to a model in the naive model's state, hits one of the patterns above.
  static func excludes(_ command: Command, naive: NaiveModel) -> Bool {
    switch command {
    case .bind(let spec):
      guard bindWithWrappingGPATraps, let file = naive.file else { return false }
      let offset = spec.offset ?? 0
      let size = spec.size ?? (file.size > offset ? file.size - offset : 0)
      return (spec.gpa ?? (4 << 30)).addingReportingOverflow(size).overflow
    case .gmem(let spec):
      let profile = naive.profile
      guard profile == .rfc1 || profile == .rfc2, spec.hugetlb == nil else { return false }
      let raw = spec.rawFlags ?? 0
      if rawSizeFieldMixedWithDefault && raw & (0x3f << 26) != 0 { return true }
      return rfc1DefaultIsBasePages && profile == .rfc1 && raw & 2 == 0
    case .convert(let r, .shared, _):
      guard rfc1ShareOfMappedPageBreaksInvariant, naive.profile == .rfc1, let file = naive.file, file.isOpen,
        r.offset < file.size
      else { return false }
      let end = min(r.offset.addingReportingOverflow(r.length).overflow ? file.size : r.offset + r.length, file.size)
      let pages = Int(r.offset / 4096)..<Int((end + 4095) / 4096)
      return pages.contains { file.pages[$0].mappedBy != 0 }
    default:
      return false
    }
  }
}
