/// A KVM capability the probe asks about: its uapi name, its KVM_CHECK_EXTENSION number, and whether that
/// number is settled upstream or configuration (unmerged postings moved their numbers around; spec §5.4).
public struct KVMCapabilityDefinition: Equatable, Sendable {
  /// The uapi name, e.g. `KVM_CAP_GUEST_MEMFD`.
  public var name: String
  /// The KVM_CHECK_EXTENSION argument.
  public var number: UInt32
  /// True when `number` comes from configuration (an unmerged posting), not from a released uapi header.
  public var isConfiguration: Bool
  /// Where the number comes from, e.g. "Linux 6.18 uapi" or "in-place v3".
  public var origin: String

  /// A capability with a number from `origin`.
  public init(name: String, number: UInt32, isConfiguration: Bool, origin: String) {
    self.name = name
    self.number = number
    self.isConfiguration = isConfiguration
    self.origin = origin
  }

  /// KVM_CAP_USER_MEMORY2: KVM_SET_USER_MEMORY_REGION2 exists.
  public static let userMemory2 = upstream("KVM_CAP_USER_MEMORY2", 231)
  /// KVM_CAP_MEMORY_FAULT_INFO: KVM_EXIT_MEMORY_FAULT is reported.
  public static let memoryFaultInfo = upstream("KVM_CAP_MEMORY_FAULT_INFO", 232)
  /// KVM_CAP_MEMORY_ATTRIBUTES: the mask of attributes KVM_SET_MEMORY_ATTRIBUTES accepts.
  public static let memoryAttributes = upstream("KVM_CAP_MEMORY_ATTRIBUTES", 233)
  /// KVM_CAP_GUEST_MEMFD: KVM_CREATE_GUEST_MEMFD exists.
  public static let guestMemfd = upstream("KVM_CAP_GUEST_MEMFD", 234)
  /// KVM_CAP_VM_TYPES: a bitmap with BIT(type) set for each KVM_CREATE_VM type.
  public static let vmTypes = upstream("KVM_CAP_VM_TYPES", 235)
  /// KVM_CAP_PRE_FAULT_MEMORY: KVM_PRE_FAULT_MEMORY works.
  public static let preFaultMemory = upstream("KVM_CAP_PRE_FAULT_MEMORY", 236)
  /// KVM_CAP_GUEST_MEMFD_FLAGS: the mask of flags KVM_CREATE_GUEST_MEMFD accepts.
  public static let guestMemfdFlags = upstream("KVM_CAP_GUEST_MEMFD_FLAGS", 244)

  /// The capabilities with numbers in the Linux 6.18 uapi.
  public static let upstreamCapabilities: [KVMCapabilityDefinition] = [
    userMemory2, memoryFaultInfo, memoryAttributes, guestMemfd, vmTypes, preFaultMemory, guestMemfdFlags,
  ]

  /// The in-place and RFC capabilities with the default numbers of spec §5.4. These are configuration: the numbers
  /// moved between postings, and upstream later gave 240–242 to unrelated capabilities.
  public static let configurationDefaults: [KVMCapabilityDefinition] = [
    .init(
      name: "KVM_CAP_MEMORY_ATTRIBUTES2", number: 248, isConfiguration: true, origin: "in-place v3"),
    .init(
      name: "KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES", number: 249, isConfiguration: true, origin: "in-place v3"),
    .init(name: "KVM_CAP_GMEM_SHARED_MEM", number: 240, isConfiguration: true, origin: "1G RFC v2"),
    .init(name: "KVM_CAP_GMEM_CONVERSION", number: 241, isConfiguration: true, origin: "1G RFC v2"),
    .init(name: "KVM_CAP_GMEM_HUGETLB", number: 242, isConfiguration: true, origin: "1G RFC v2"),
  ]

  /// The configured capabilities with some numbers replaced: `numbers` maps a configured capability's name to the
  /// number a particular posting or kernel tree uses. Fails with the unknown name when a name is not one of
  /// `configurationDefaults`.
  public static func configuration(
    numbers: [String: UInt32]
  ) -> Result<[KVMCapabilityDefinition], UnknownCapabilityName> {
    let known = Set(configurationDefaults.map(\.name))
    if let unknown = numbers.keys.sorted().first(where: { !known.contains($0) }) {
      return .failure(UnknownCapabilityName(name: unknown))
    }
    return .success(
      configurationDefaults.map { definition in
        var configured = definition
        if let number = numbers[definition.name], number != definition.number {
          configured.number = number
          configured.origin = "user-configured"
        }
        return configured
      })
  }

  private static func upstream(_ name: String, _ number: UInt32) -> KVMCapabilityDefinition {
    KVMCapabilityDefinition(name: name, number: number, isConfiguration: false, origin: "Linux 6.18 uapi")
  }
}
