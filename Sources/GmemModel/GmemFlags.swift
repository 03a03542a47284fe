/// The creation flags of a guest_memfd, as the profile understands them (spec §2.1, §5.3).
public struct GmemFlags: Equatable, Sendable {
  /// The raw `flags` value passed to KVM_CREATE_GUEST_MEMFD.
  public var raw: UInt64
  /// Host mmap is allowed (GUEST_MEMFD_FLAG_MMAP; rfc2's SUPPORT_SHARED; always in rfc1).
  public var mmap: Bool
  /// Every index starts shared.
  public var initShared: Bool

  public init(raw: UInt64, mmap: Bool, initShared: Bool) {
    self.raw = raw
    self.mmap = mmap
    self.initShared = initShared
  }

  /// GUEST_MEMFD_FLAG_MMAP (upstream, inplace).
  public static let upstreamMMAP: UInt64 = 1 << 0
  /// GUEST_MEMFD_FLAG_INIT_SHARED (upstream, inplace).
  public static let upstreamInitShared: UInt64 = 1 << 1
  /// RFC1 KVM_GUEST_MEMFD_HUGETLB.
  public static let rfc1HugeTLB: UInt64 = 1 << 1
  /// RFC2 GUEST_MEMFD_FLAG_SUPPORT_SHARED.
  public static let rfc2SupportShared: UInt64 = 1 << 0
  /// RFC2 GUEST_MEMFD_FLAG_INIT_PRIVATE.
  public static let rfc2InitPrivate: UInt64 = 1 << 1
  /// RFC2 GUEST_MEMFD_FLAG_HUGETLB.
  public static let rfc2HugeTLB: UInt64 = 1 << 2
  /// Bits 26–31: log2 of the huge page size.
  public static let hugeShift: UInt64 = 26
  /// Mask of the size field.
  public static let hugeMask: UInt64 = 0x3f << 26

  /// Resolves a `gmem` line into flags and a backing for `profile` on a VM of `vm`, or the errno the kernel
  /// gives with the reason.
  public static func resolve(_ spec: GmemSpec, profile: Profile, vm: VMType) -> Result<
    (GmemFlags, Backing), FlagError
  > {
    var raw = spec.rawFlags ?? 0
    for name in spec.flagNames {
      switch (profile, name) {
      case (.upstream, .mmap), (.inplace, .mmap): raw |= upstreamMMAP
      case (.upstream, .initShared), (.inplace, .initShared): raw |= upstreamInitShared
      case (.rfc2, .supportShared): raw |= rfc2SupportShared
      case (.rfc2, .initPrivate): raw |= rfc2InitPrivate
      default:
        return .failure(FlagError("flag \(name.rawValue) does not exist in \(profile.rawValue)"))
      }
    }
    let backing = spec.hugetlb ?? profile.defaultBacking
    // The flag bits are each design's own uapi, so decoding them switches on the profile; the rules they
    // feed (mmap, INIT_SHARED on CoCo VMs, HugeTLB) come from Profile and its ConversionPolicy.
    switch profile {
    case .upstream, .inplace:
      if backing.isHuge && !profile.supportsHugeTLB {
        return .failure(
          FlagError(
            "Linux 6.18 guest_memfd has no HugeTLB flag: hugetlb=\(backing.rawValue) is refused"))
      }
      // x86 supports INIT_SHARED only for VMs without private memory [UP-flags]; in-place v3 enables it for
      // CoCo VMs too [C3].
      let initSharedOK = profile.policy.initSharedWithPrivateMemory || !vm.hasPrivateMemory
      let supported = upstreamMMAP | (initSharedOK ? upstreamInitShared : 0)
      if raw & ~supported != 0 {
        let bit = (raw & ~supported).trailingZeroBitCount
        return .failure(
          FlagError(
            "flag bit \(bit) is not in KVM_CAP_GUEST_MEMFD_FLAGS (\(hex(supported))) for a \(vm.rawValue) VM"
          ))
      }
      return .success(
        (
          GmemFlags(
            raw: raw, mmap: raw & upstreamMMAP != 0, initShared: raw & upstreamInitShared != 0),
          backing
        ))
    case .rfc1:
      // hugetlb= (or the profile's default, 1G) sets the HUGETLB flag and its size, unless raw flags already did.
      if raw & rfc1HugeTLB == 0 && backing.isHuge { raw |= rfc1HugeTLB | (backing.sizeShift << hugeShift) }
      return decodeHuge(
        raw, hugeBit: rfc1HugeTLB, otherBits: 0, profile: profile, requested: backing
      ).map {
        (GmemFlags(raw: raw, mmap: true, initShared: false), $0)
      }
    case .rfc2:
      if raw & rfc2HugeTLB == 0 && backing.isHuge { raw |= rfc2HugeTLB | (backing.sizeShift << hugeShift) }
      if raw & rfc2InitPrivate != 0 && raw & rfc2SupportShared == 0 {
        return .failure(FlagError("INIT_PRIVATE is valid only together with SUPPORT_SHARED"))
      }
      let shared = raw & rfc2SupportShared != 0
      return decodeHuge(
        raw, hugeBit: rfc2HugeTLB, otherBits: rfc2SupportShared | rfc2InitPrivate, profile: profile,
        requested: backing
      ).map {
        (GmemFlags(raw: raw, mmap: shared, initShared: shared && raw & rfc2InitPrivate == 0), $0)
      }
    }
  }

  private static func decodeHuge(
    _ raw: UInt64, hugeBit: UInt64, otherBits: UInt64, profile: Profile, requested: Backing
  ) -> Result<Backing, FlagError> {
    let allowed = hugeBit | hugeMask | otherBits
    if raw & ~allowed != 0 {
      let bit = (raw & ~allowed).trailingZeroBitCount
      return .failure(FlagError("flag bit \(bit) is not a \(profile.rawValue) guest_memfd flag"))
    }
    let shift = (raw & hugeMask) >> hugeShift
    if raw & hugeBit == 0 {
      if shift != 0 {
        return .failure(FlagError("a huge page size is encoded without the HUGETLB flag"))
      }
      return .success(.base4K)
    }
    switch shift {
    case 0, 21: return .success(.huge2M)  // the default hstate on x86 is 2 MiB
    case 30: return .success(.huge1G)
    default: return .failure(FlagError("no hstate for huge page shift \(shift)"))
    }
  }
}

/// Why creation flags were refused (always EINVAL).
public struct FlagError: Error, Equatable, Sendable {
  /// The reason.
  public var reason: String
  init(_ reason: String) { self.reason = reason }
}
