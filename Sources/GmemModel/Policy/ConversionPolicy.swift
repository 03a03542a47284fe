/// One design's rules for conversions, host faults and folio structure, in one place: the model, its
/// explanations and the invariant checker read them here rather than testing the profile.
public struct ConversionPolicy: Equatable, Sendable {
  /// The call that converts.
  public var api: ConversionAPI
  /// What gates a host fault (and a GUP pin).
  public var hostFaultGate: HostFaultGate
  /// What a conversion to private gives while a page of the range is pinned; nil when no conversion looks at
  /// pins (upstream: KVM_SET_MEMORY_ATTRIBUTES never reaches the file).
  public var pinnedToPrivate: Errno?
  /// What a conversion to private gives while a page of the range is host-mapped; nil when the kernel unmaps
  /// the host PTEs itself (`unmap_mapping_pages`) or never looks.
  public var mappedToPrivate: Errno?
  /// What a conversion of size 0 gives.
  public var zeroSize: ZeroSizeRule
  /// Whether the conversion takes content modes (ZERO / PRESERVE); without them any flag is EINVAL.
  public var acceptsContentModes: Bool
  /// Whether a conversion clears "prepared" (uptodate) on every folio it touches, so that the next use re-zeroes
  /// (rfc1 patch 30, `kvm_gmem_clear_prepared_vm`).
  public var clearsPreparedOnConversion: Bool
  /// Whether guest_memfd keeps faultability as a store of its own that the conversion hook sets
  /// (`kvm_gmem_should_set_attributes`) and `bind` defaults by VM type (rfc1). Host PTEs can then outlive the
  /// gate: a conversion to shared clears "prepared" under them and a re-bind can clear faultability under them.
  public var faultabilityIsSeparate: Bool
  /// Whether a conversion to shared zaps only the private SPTEs (rfc2: KVM_FILTER_PRIVATE).
  public var toSharedZapsOnlyPrivateSPTEs: Bool
  /// Whether punching a whole split huge page merges it first, failing with EAGAIN on a pinned page
  /// (rfc2: `kvm_gmem_merge_truncate_indices`).
  public var punchMergesSplitFoliosFirst: Bool
  /// The creation flag host mmap needs (ENODEV without it); nil when mmap is always allowed (rfc1).
  public var mmapFlag: GmemFlagName?
  /// Whether a guest_memfd memslot needs a VM with private memory (EINVAL otherwise).
  public var bindNeedsPrivateMemory: Bool
  /// Where a shared guest access reaches memory.
  public var sharedGuestAccess: SharedGuestAccess
  /// Whether the file's shared/private state is fixed at creation (upstream: INIT_SHARED, no conversion of the file).
  public var shareabilityFixedAtCreation: Bool
  /// Whether INIT_SHARED is offered to VMs with private memory (x86 upstream offers it only to VMs without,
  /// `kvm_arch_supports_gmem_init_shared`; in-place v3 to every VM).
  public var initSharedWithPrivateMemory: Bool
  /// Whether the emulated guest accesses of the PVM host (ModelSettings.emulatedGuestAccess) apply.
  public var followsEmulatedGuestAccess: Bool
  /// Which split huge folios a conversion to private may merge back.
  public var mergeRule: MergeRule

  /// The state of every page of a new file: private and faultable by the design and INIT_SHARED.
  public func initialHole(initShared: Bool, attributesLiveInFile: Bool) -> PageState {
    // rfc1's faultability starts empty and `bind` applies the VM type's default
    // (kvm_gmem_set_default_faultability_by_vm_type); the VM attribute starts shared.
    .hole(private: attributesLiveInFile && !initShared, faultable: !faultabilityIsSeparate && initShared)
  }

  /// The refusal of a content mode for a conversion to `target` on a VM of `vm`, or nil when it is accepted.
  public func contentModeRefusal(_ mode: ContentMode?, to target: Attribute, vm: VMType) -> OperationFailure? {
    guard let mode else { return nil }
    guard acceptsContentModes else {
      return OperationFailure(
        .EINVAL,
        api == .gmemConvert
          ? "struct kvm_gmem_convert has no content flags" : "\(api.call) has no content modes: flags must be 0")
    }
    if mode == .zero && target == .private {
      return OperationFailure(
        .EOPNOTSUPP, "ZERO is supported only for private→shared (kvm_gmem_content_mode_is_supported)")
    }
    if mode == .preserve && target == .shared && vm.guestChoosesAccessKind {
      return OperationFailure(
        .EOPNOTSUPP,
        "\(vm.rawValue) supports ZERO only when converting to shared (kvm_arch_gmem_supported_content_modes)")
    }
    return nil
  }
}

extension ConversionPolicy {
  /// 1G RFC v1: KVM_SET_MEMORY_ATTRIBUTES plus the gmem hooks of patches 29, 30 and 39.
  public static let rfc1 = ConversionPolicy(
    api: .vmAttributes, hostFaultGate: .faultability, pinnedToPrivate: .EINVAL, mappedToPrivate: .EINVAL,
    zeroSize: .invalid, acceptsContentModes: false, clearsPreparedOnConversion: true, faultabilityIsSeparate: true,
    toSharedZapsOnlyPrivateSPTEs: false, punchMergesSplitFoliosFirst: false, mmapFlag: nil,
    bindNeedsPrivateMemory: true, sharedGuestAccess: .vmmMapping, shareabilityFixedAtCreation: false,
    initSharedWithPrivateMemory: false, followsEmulatedGuestAccess: false,
    mergeRule: .coveredHugePages)

  /// 1G RFC v2: KVM_GMEM_CONVERT_* and per-inode shareability.
  public static let rfc2 = ConversionPolicy(
    api: .gmemConvert, hostFaultGate: .shareability, pinnedToPrivate: .EAGAIN, mappedToPrivate: nil,
    zeroSize: .noOp, acceptsContentModes: false, clearsPreparedOnConversion: false, faultabilityIsSeparate: false,
    toSharedZapsOnlyPrivateSPTEs: true, punchMergesSplitFoliosFirst: true, mmapFlag: .supportShared,
    bindNeedsPrivateMemory: true, sharedGuestAccess: .guestMemfd, shareabilityFixedAtCreation: false,
    initSharedWithPrivateMemory: false, followsEmulatedGuestAccess: false,
    mergeRule: .overlappingHugePages)

  /// In-place conversion: KVM_SET_MEMORY_ATTRIBUTES2 and per-inode attributes.
  public static let inplace = ConversionPolicy(
    api: .gmemAttributes2, hostFaultGate: .shareability, pinnedToPrivate: .EAGAIN, mappedToPrivate: nil,
    zeroSize: .invalid, acceptsContentModes: true, clearsPreparedOnConversion: false, faultabilityIsSeparate: false,
    toSharedZapsOnlyPrivateSPTEs: false, punchMergesSplitFoliosFirst: false, mmapFlag: .mmap,
    bindNeedsPrivateMemory: false, sharedGuestAccess: .guestMemfd, shareabilityFixedAtCreation: false,
    initSharedWithPrivateMemory: true, followsEmulatedGuestAccess: false,
    mergeRule: .overlappingHugePages)

  /// Linux 6.18: KVM_SET_MEMORY_ATTRIBUTES changes the VM's attribute only; the file's state is fixed.
  public static let upstream = ConversionPolicy(
    api: .vmAttributes, hostFaultGate: .shareability, pinnedToPrivate: nil, mappedToPrivate: nil,
    zeroSize: .invalid, acceptsContentModes: false, clearsPreparedOnConversion: false, faultabilityIsSeparate: false,
    toSharedZapsOnlyPrivateSPTEs: false, punchMergesSplitFoliosFirst: false, mmapFlag: .mmap,
    bindNeedsPrivateMemory: false, sharedGuestAccess: .guestMemfdIfMmap, shareabilityFixedAtCreation: true,
    initSharedWithPrivateMemory: false, followsEmulatedGuestAccess: true,
    mergeRule: .overlappingHugePages)
}

extension Profile {
  /// The design's rules (ConversionPolicy).
  public var policy: ConversionPolicy {
    switch self {
    case .rfc1: .rfc1
    case .rfc2: .rfc2
    case .inplace: .inplace
    case .upstream: .upstream
    }
  }
}
