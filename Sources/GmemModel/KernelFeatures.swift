/// What the kernel the model is compared with offers, as its capabilities report it: the VM types KVM_CREATE_VM
/// accepts (KVM_CAP_VM_TYPES) and, for a VM of each, whether a memslot may bind a guest_memfd
/// (KVM_CAP_GUEST_MEMFD) and which flags KVM_CREATE_GUEST_MEMFD accepts (KVM_CAP_GUEST_MEMFD_FLAGS).
///
/// The upstream profile follows them where `ModelSettings.kernel` is set, so that what one kernel version lacks
/// (Linux 6.12 has no GUEST_MEMFD_FLAG_MMAP, and binds a guest_memfd on private-memory VMs only) is refused by the
/// model as by that kernel, and `diff` reports design differences, not version differences.
public struct KernelFeatures: Equatable, Sendable {
  /// What a VM of one type supports.
  public struct VMFeatures: Equatable, Sendable {
    /// KVM_CAP_GUEST_MEMFD on the VM: KVM_MEM_GUEST_MEMFD is a valid memslot flag.
    public var guestMemfd: Bool
    /// KVM_CAP_GUEST_MEMFD_FLAGS on the VM: the creation flags accepted (0 where the kernel does not know the
    /// capability, as before Linux 6.18).
    public var guestMemfdFlags: UInt64

    public init(guestMemfd: Bool, guestMemfdFlags: UInt64) {
      self.guestMemfd = guestMemfd
      self.guestMemfdFlags = guestMemfdFlags
    }
  }

  /// The VM types the kernel creates, each with what a VM of it supports.
  public var vmTypes: [VMType: VMFeatures]

  public init(vmTypes: [VMType: VMFeatures]) {
    self.vmTypes = vmTypes
  }

  /// Linux 6.12 with KVM_SW_PROTECTED_VM, as the lab kernel reports it: guest_memfd on sw-protected VMs only, no
  /// creation flags.
  public static let linux612SWProtected = KernelFeatures(vmTypes: [
    .default: VMFeatures(guestMemfd: false, guestMemfdFlags: 0),
    .swProtected: VMFeatures(guestMemfd: true, guestMemfdFlags: 0),
  ])

  /// Why KVM_CREATE_VM refuses `type` (EINVAL), or nil when the kernel lists it.
  public func refusal(vm type: VMType) -> String? {
    guard vmTypes[type] == nil else { return nil }
    return "KVM_CAP_VM_TYPES of the kernel compared lists \(listed): no \(type.rawValue) VMs (type \(type.value))"
  }

  /// Why KVM_CREATE_GUEST_MEMFD on a `type` VM refuses the flags `raw` (EINVAL), or nil when it accepts them.
  public func refusal(gmemFlags raw: UInt64, vm type: VMType) -> String? {
    let supported = vmTypes[type]?.guestMemfdFlags ?? 0
    guard raw & ~supported != 0 else { return nil }
    let bit = (raw & ~supported).trailingZeroBitCount
    return "flag bit \(bit) is not in KVM_CAP_GUEST_MEMFD_FLAGS (\(hex(supported))) of the kernel compared for a "
      + "\(type.rawValue) VM"
  }

  /// Why KVM_SET_USER_MEMORY_REGION2 with KVM_MEM_GUEST_MEMFD on a `type` VM is refused (EINVAL), or nil.
  public func refusal(bindOn type: VMType) -> String? {
    guard vmTypes[type]?.guestMemfd != true else { return nil }
    return "KVM_MEM_GUEST_MEMFD is not a valid memslot flag on a \(type.rawValue) VM of the kernel compared "
      + "(KVM_CAP_GUEST_MEMFD 0)"
  }

  /// `default,sw-protected`: the types listed, in KVM_CREATE_VM order.
  private var listed: String {
    let names = VMType.allCases.filter { vmTypes[$0] != nil }.map(\.rawValue)
    return names.isEmpty ? "no type" : names.joined(separator: ",")
  }
}
