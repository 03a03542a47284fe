import GmemModel

/// What CapabilityProbe found: the API version and every capability asked about, with decoded views of the ones
/// the visualizer needs.
public struct CapabilityReport: Equatable, Sendable {
  /// The device that was opened.
  public var devicePath: String
  /// KVM_GET_API_VERSION (12 on every kernel since 2.6.22).
  public var apiVersion: Int
  /// The capabilities, upstream ones first, then the configured ones, in the order they were asked.
  public var capabilities: [KVMCapability]
  /// The errno of KVM_CREATE_VM(0) when no VM could be created for the per-VM checks, else nil.
  public var vmCreationErrno: Int32?

  /// A report.
  public init(devicePath: String, apiVersion: Int, capabilities: [KVMCapability], vmCreationErrno: Int32?) {
    self.devicePath = devicePath
    self.apiVersion = apiVersion
    self.capabilities = capabilities
    self.vmCreationErrno = vmCreationErrno
  }

  /// The capability with `number` among the upstream ones, if it was probed.
  public func capability(_ definition: KVMCapabilityDefinition) -> KVMCapability? {
    capabilities.first { $0.number == definition.number && $0.name == definition.name }
  }

  /// The probed value of `definition` (0 when it was not probed or failed).
  public func value(_ definition: KVMCapabilityDefinition) -> Int {
    max(capability(definition)?.value ?? 0, 0)
  }

  /// The VM types of the KVM_CAP_VM_TYPES bitmap that the model knows. Without the capability, only `default`.
  public var vmTypes: [VMType] {
    guard capability(.vmTypes) != nil, value(.vmTypes) != 0 else { return [.default] }
    let bitmap = UInt64(value(.vmTypes))
    return VMType.allCases.filter { bitmap & (1 << $0.value) != 0 }
  }

  /// The KVM_CREATE_GUEST_MEMFD flags the kernel accepts (KVM_CAP_GUEST_MEMFD_FLAGS; 0 without it).
  public var guestMemfdFlags: UInt64 { UInt64(value(.guestMemfdFlags)) }

  /// The one-liner, e.g. `kvm API 12 · gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM
  /// types default`.
  public var summary: String { (["kvm API \(apiVersion)"] + findings).joined(separator: " · ") }

  /// The same for a header that cuts it from the end on a narrow terminal: the findings first, the API version last.
  public var headerSummary: String { (findings + ["kvm API \(apiVersion)"]).joined(separator: " · ") }

  /// What the guest_memfd visualizer cares about, most useful first.
  private var findings: [String] {
    var parts: [String] = []
    if value(.guestMemfd) > 0 {
      parts.append("gmem flags " + GuestMemfdFlag.describe(guestMemfdFlags))
    } else {
      parts.append("no guest_memfd")
    }
    let attributes = value(.memoryAttributes)
    parts.append(attributes > 0 ? "memory attributes " + Self.describeAttributes(attributes) : "no memory attributes")
    parts.append(value(.preFaultMemory) > 0 ? "pre-fault" : "no pre-fault")
    parts.append("VM types " + vmTypes.map(\.rawValue).joined(separator: ","))
    let configured = capabilities.filter { $0.definition.isConfiguration && $0.isSupported }
    if !configured.isEmpty {
      parts.append("configured " + configured.map(\.name).joined(separator: ","))
    }
    return parts
  }

  /// Names the bits of a KVM_CAP_MEMORY_ATTRIBUTES mask (only PRIVATE, bit 3, exists upstream).
  public static func describeAttributes(_ mask: Int) -> String {
    var names: [String] = []
    if mask & (1 << 3) != 0 { names.append("PRIVATE") }
    let unknown = mask & ~(1 << 3)
    if unknown != 0 { names.append("0x" + String(unknown, radix: 16)) }
    return names.isEmpty ? "none" : names.joined(separator: "|")
  }
}
