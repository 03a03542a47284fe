/// The kernel design being modelled (spec, table at the top).
public enum Profile: String, Sendable, CaseIterable, Codable {
  /// "[RFC PATCH 00/39] 1G page support for guest_memfd": per-VM attributes plus per-inode faultability,
  /// conversions through KVM_SET_MEMORY_ATTRIBUTES, patch 39's dynamic split/reconstruct.
  case rfc1
  /// RFC v2: per-inode shareability, KVM_GMEM_CONVERT_SHARED/PRIVATE on the gmem fd.
  case rfc2
  /// In-place conversion: per-inode attributes, KVM_SET_MEMORY_ATTRIBUTES2 on the gmem fd, content modes,
  /// with a HugeTLB overlay.
  case inplace
  /// Linux 6.18: MMAP / INIT_SHARED flags, order-0 folios, shared/private of the file fixed at creation.
  case upstream

  /// Where the attribute KVM acts on lives: the VM's mem_attr_array (rfc1, upstream) or the file (rfc2, inplace).
  public var attributesLiveInFile: Bool { self == .rfc2 || self == .inplace }

  /// True when the design supports HugeTLB backing.
  public var supportsHugeTLB: Bool { self != .upstream }

  /// The backing used when `gmem` names none (SCENARIO.md).
  public var defaultBacking: Backing { self == .upstream ? .base4K : .huge1G }

  /// The conversion call, for messages.
  public var conversionCall: String { policy.api.call }

  /// One line about the design, for help and headers.
  public var summary: String {
    switch self {
    case .rfc1: "1G RFC v1: VM attributes + faultability, split/reconstruct (patch 39)"
    case .rfc2: "1G RFC v2: per-inode shareability, KVM_GMEM_CONVERT_*"
    case .inplace: "in-place conversion: KVM_SET_MEMORY_ATTRIBUTES2 on the gmem fd"
    case .upstream: "Linux 6.18: MMAP / INIT_SHARED, 4K folios, no conversion"
    }
  }
}

/// An x86 VM type (spec §1.1, §5.3).
public enum VMType: String, Sendable, CaseIterable, Codable {
  case `default` = "default"
  case swProtected = "sw-protected"
  case sev = "sev"
  case sevES = "sev-es"
  case snp = "snp"
  case tdx = "tdx"

  /// The KVM_CREATE_VM machine type.
  public var value: UInt64 {
    switch self {
    case .default: 0
    case .swProtected: 1
    case .sev: 2
    case .sevES: 3
    case .snp: 4
    case .tdx: 5
    }
  }

  /// `kvm_arch_has_private_mem`: SW_PROTECTED, SNP and TDX VMs have private memory.
  public var hasPrivateMemory: Bool { self == .swProtected || self == .snp || self == .tdx }

  /// True for VMs whose guest chooses private or shared per access (C-bit / shared bit), so an access can
  /// disagree with the attribute. Elsewhere KVM derives the access kind from the attribute itself.
  public var guestChoosesAccessKind: Bool { self == .snp || self == .tdx }
}

/// The attribute KVM acts on for a page.
public enum Attribute: String, Sendable, Codable {
  case shared
  case `private`
}

/// Content modes of a conversion (in-place: KVM_SET_MEMORY_ATTRIBUTES2_ZERO / _PRESERVE).
public enum ContentMode: String, Sendable, Codable {
  case zero
  case preserve
}

/// Whether a guest access is private or shared (the C-bit / shared-bit view of the guest).
public enum AccessKind: String, Sendable, Codable {
  case `private`
  case shared
}
