import GmemModel

/// What CapabilityProbe found: the API version and every capability asked about, on /dev/kvm and on a VM of each
/// listed type, with decoded views of the ones the visualizer needs.
public struct CapabilityReport: Equatable, Sendable {
  /// The device that was opened.
  public var devicePath: String
  /// KVM_GET_API_VERSION (12 on every kernel since 2.6.22).
  public var apiVersion: Int
  /// The capabilities, upstream ones first, then the configured ones, in the order they were asked.
  public var capabilities: [KVMCapability]
  /// The VM types a VM was created for (or tried): those KVM_CAP_VM_TYPES lists, or `default` without it.
  public var probedVMTypes: [VMType]
  /// The errno of KVM_CREATE_VM for each probed type whose VM could not be created.
  public var vmCreationErrnos: [VMType: Int32]

  /// A report with values for VMs of `probedVMTypes`.
  public init(
    devicePath: String, apiVersion: Int, capabilities: [KVMCapability], probedVMTypes: [VMType],
    vmCreationErrnos: [VMType: Int32]
  ) {
    self.devicePath = devicePath
    self.apiVersion = apiVersion
    self.capabilities = capabilities
    self.probedVMTypes = probedVMTypes
    self.vmCreationErrnos = vmCreationErrnos
  }

  /// A report of a default VM only; `vmCreationErrno` is the errno of KVM_CREATE_VM(0) when it failed.
  public init(devicePath: String, apiVersion: Int, capabilities: [KVMCapability], vmCreationErrno: Int32?) {
    self.init(
      devicePath: devicePath, apiVersion: apiVersion, capabilities: capabilities, probedVMTypes: [.default],
      vmCreationErrnos: vmCreationErrno.map { [.default: $0] } ?? [:])
  }

  /// The errno of KVM_CREATE_VM(0) when no default VM could be created for the per-VM checks, else nil.
  public var vmCreationErrno: Int32? { vmCreationErrnos[.default] }

  /// The capability with `number` among the upstream ones, if it was probed.
  public func capability(_ definition: KVMCapabilityDefinition) -> KVMCapability? {
    capabilities.first { $0.number == definition.number && $0.name == definition.name }
  }

  /// The probed value of `definition` for a default VM (0 when it was not probed or failed).
  public func value(_ definition: KVMCapabilityDefinition) -> Int {
    max(capability(definition)?.value ?? 0, 0)
  }

  /// The probed value of `definition` on a VM of `type` (0 when the check failed or the capability was not
  /// probed), or nil when no VM of `type` was created.
  public func value(_ definition: KVMCapabilityDefinition, on type: VMType) -> Int? {
    guard probedVMTypes.contains(type), vmCreationErrnos[type] == nil else { return nil }
    return max(capability(definition)?.typeValues[type] ?? 0, 0)
  }

  /// The VM types of /dev/kvm's KVM_CAP_VM_TYPES bitmap that the model knows. Without the capability (or any known
  /// type), only `default`.
  public var vmTypes: [VMType] {
    let listed = VMType.listed(in: UInt64(max(capability(.vmTypes)?.systemValue ?? 0, 0)))
    return listed.isEmpty ? [.default] : listed
  }

  /// The KVM_CREATE_GUEST_MEMFD flags the kernel accepts for a default VM (KVM_CAP_GUEST_MEMFD_FLAGS; 0 without
  /// it).
  public var guestMemfdFlags: UInt64 { UInt64(value(.guestMemfdFlags)) }

  /// True when a VM of `type` has guest_memfd and KVM_SET_MEMORY_ATTRIBUTES accepts PRIVATE on it.
  public func convertsPrivateMemory(on type: VMType) -> Bool {
    (value(.guestMemfd, on: type) ?? 0) > 0
      && (value(.memoryAttributes, on: type) ?? 0) & Self.privateAttribute != 0
  }

  /// The VM type to open for conversions: the first probed type with guest_memfd and PRIVATE whose guest access
  /// follows the attribute (so not SNP or TDX, whose guest picks the access kind and needs a launched guest),
  /// e.g. `sw-protected` on Linux 6.12 with KVM_SW_PROTECTED_VM. Nil when no type converts.
  public var conversionVMType: VMType? {
    probedVMTypes.first { convertsPrivateMemory(on: $0) && !$0.guestChoosesAccessKind }
  }

  /// KVM_MEMORY_ATTRIBUTE_PRIVATE, bit 3 of the attribute mask.
  static let privateAttribute = 1 << 3

  /// Names the bits of a KVM_CAP_MEMORY_ATTRIBUTES mask (only PRIVATE, bit 3, exists upstream).
  public static func describeAttributes(_ mask: Int) -> String {
    var names: [String] = []
    if mask & privateAttribute != 0 { names.append("PRIVATE") }
    let unknown = mask & ~privateAttribute
    if unknown != 0 { names.append("0x" + String(unknown, radix: 16)) }
    return names.isEmpty ? "none" : names.joined(separator: "|")
  }
}
