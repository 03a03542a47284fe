import GmemModel

/// What KVM_CREATE_GUEST_MEMFD makes of a `gmem` line, per profile (spec §2.1, §5.3; SCENARIO.md `gmem`).
struct NaiveFlags {
  /// Host mmap is allowed (MMAP, SUPPORT_SHARED; always in rfc1).
  var mmap: Bool
  /// Every index starts shared.
  var initShared: Bool
  /// The page size behind the file.
  var backing: Backing

  /// The flags a `gmem` line asks for, or nil when KVM refuses them (EINVAL).
  ///
  /// The language's rules: flag names add their bits to the raw `flags=` number; `hugetlb=` (default 1G
  /// for rfc1, rfc2 and inplace) adds HUGETLB and its size unless the raw number has HUGETLB already.
  static func resolve(_ spec: GmemSpec, profile: Profile, vm: VMType) -> NaiveFlags? {
    var raw = spec.rawFlags ?? 0
    for name in spec.flagNames {
      switch (profile, name) {
      case (.upstream, .mmap), (.inplace, .mmap), (.rfc2, .supportShared): raw |= 1
      case (.upstream, .initShared), (.inplace, .initShared), (.rfc2, .initPrivate): raw |= 2
      default: return nil  // the name does not exist in this design
      }
    }
    switch profile {
    case .upstream:
      // 6.18 has order-0 folios only; INIT_SHARED only for VMs without private memory [UP-flags].
      if let h = spec.hugetlb, h != .base4K { return nil }
      let supported: UInt64 = vm.hasPrivateMemory ? 1 : 3
      if raw & ~supported != 0 { return nil }
      return NaiveFlags(mmap: raw & 1 != 0, initShared: raw & 2 != 0, backing: .base4K)
    case .inplace:
      // In-place v3 enables INIT_SHARED for CoCo VMs too [C3]; the page size is the language's overlay.
      if raw & ~3 != 0 { return nil }
      return NaiveFlags(mmap: raw & 1 != 0, initShared: raw & 2 != 0, backing: spec.hugetlb ?? .huge1G)
    case .rfc1:
      // HUGETLB is bit 1, the size in bits 26-31 [P14]; every fd may be mmapped, nothing starts shared.
      guard let backing = decodeHuge(raw, hugeBit: 2, otherBits: 0, hugetlb: spec.hugetlb) else { return nil }
      return NaiveFlags(mmap: true, initShared: false, backing: backing)
    case .rfc2:
      // SUPPORT_SHARED bit 0, INIT_PRIVATE bit 1 (only with SUPPORT_SHARED), HUGETLB bit 2 [P2-conv].
      if raw & 2 != 0 && raw & 1 == 0 { return nil }
      guard let backing = decodeHuge(raw, hugeBit: 4, otherBits: 3, hugetlb: spec.hugetlb) else { return nil }
      let shared = raw & 1 != 0
      return NaiveFlags(mmap: shared, initShared: shared && raw & 2 == 0, backing: backing)
    }
  }

  /// The backing of a HugeTLB-capable design, or nil for EINVAL.
  private static func decodeHuge(_ flags: UInt64, hugeBit: UInt64, otherBits: UInt64, hugetlb: Backing?) -> Backing? {
    let sizeField: UInt64 = 0x3f << 26
    var raw = flags
    let requested = hugetlb ?? .huge1G  // SCENARIO.md: the default `hugetlb` is 1G
    if raw & hugeBit == 0 && requested != .base4K { raw |= hugeBit | (requested.sizeShift << 26) }
    if raw & ~(hugeBit | sizeField | otherBits) != 0 { return nil }
    let shift = (raw & sizeField) >> 26
    if raw & hugeBit == 0 { return shift == 0 ? .base4K : nil }  // a size needs HUGETLB
    switch shift {
    case 0, 21: return .huge2M  // 0: the default hstate, 2 MiB on x86
    case 30: return .huge1G
    default: return nil  // no such hstate
    }
  }
}
