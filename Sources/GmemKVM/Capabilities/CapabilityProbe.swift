import CGmemSys
import GmemModel

/// Asks the running kernel what it supports: KVM_GET_API_VERSION, then KVM_CHECK_EXTENSION for each capability on
/// /dev/kvm and on a fresh VM of each type that KVM_CAP_VM_TYPES lists (guest_memfd and memory attributes can
/// exist only on some types: on Linux 6.12, only on sw-protected VMs). Every fd it opens is closed before
/// `probe()` returns.
public struct CapabilityProbe: Sendable {
  /// The KVM device, normally /dev/kvm.
  public var devicePath: String
  /// The capabilities to ask about: the upstream ones, then the configured numbers of the in-place and RFC postings.
  public var definitions: [KVMCapabilityDefinition]

  /// A probe of `devicePath` for `definitions`.
  public init(
    devicePath: String = "/dev/kvm",
    definitions: [KVMCapabilityDefinition] = KVMCapabilityDefinition.upstreamCapabilities
      + KVMCapabilityDefinition.configurationDefaults
  ) {
    self.devicePath = devicePath
    self.definitions = definitions
  }

  /// Probes the kernel. Throws `KVMError.cannotOpen` when the device is missing or not permitted, and
  /// `KVMError.ioctlFailed` when KVM_GET_API_VERSION fails.
  public func probe() throws(KVMError) -> CapabilityReport {
    let kvm = try openDevice(devicePath)
    defer { closeDescriptor(kvm) }
    return try probe(DeviceCapabilitySource(kvm: kvm))
  }

  /// Probes what `source` answers: the system values, the VM types KVM_CAP_VM_TYPES lists on the system fd (only
  /// `default` without it), and every capability on a VM of each of those types. A type whose VM cannot be created
  /// is recorded with its errno. Throws only when KVM_GET_API_VERSION fails.
  public func probe(_ source: some CapabilitySource) throws(KVMError) -> CapabilityReport {
    let version = try source.apiVersion()
    let bitmap = source.systemValue(KVMCapabilityDefinition.vmTypes.number)
    let listed = VMType.listed(in: UInt64(max(bitmap, 0)))
    let types = listed.isEmpty ? [VMType.default] : listed

    let numbers = definitions.map(\.number)
    var perType: [VMType: [Int]] = [:]
    var creationErrnos: [VMType: Int32] = [:]
    for type in types {
      do {
        perType[type] = try source.vmValues(type: type, numbers)
      } catch {
        creationErrnos[type] = error.errno
      }
    }

    let capabilities = definitions.enumerated().map { index, definition in
      let system = source.systemValue(definition.number)
      let typeValues = perType.compactMapValues { $0.indices.contains(index) ? $0[index] : nil }
      return KVMCapability(
        definition: definition, systemValue: system, typeValues: typeValues,
        meaning: definition.meaning(systemValue: system, typeValues: typeValues, types: types))
    }
    return CapabilityReport(
      devicePath: devicePath, apiVersion: version, capabilities: capabilities, probedVMTypes: types,
      vmCreationErrnos: creationErrnos)
  }

  /// KVM_CHECK_EXTENSION(number) on `fd`, /dev/kvm or a VM fd: the value (0 for a capability the kernel does not
  /// know). A failure names the capability as `name`, when given.
  static func check(fd: Int32, _ number: UInt32, name: String? = nil) throws(KVMError) -> Int {
    try syscall(.ioctl("KVM_CHECK_EXTENSION" + (name.map { "(\($0))" } ?? ""))) {
      gmem_ioctl_int(fd, GMEM_KVM_CHECK_EXTENSION, UInt(number))
    }
  }
}
