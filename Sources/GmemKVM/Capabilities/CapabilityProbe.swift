import CGmemSys
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Asks the running kernel what it supports: KVM_GET_API_VERSION, then KVM_CHECK_EXTENSION on /dev/kvm and on a
/// fresh default VM for each capability. Every fd it opens is closed before `probe()` returns.
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

    let version = try syscall(.ioctl("KVM_GET_API_VERSION")) { gmem_ioctl_int(kvm, GMEM_KVM_GET_API_VERSION, 0) }

    var vm: Int32?
    var vmCreationErrno: Int32?
    do {
      vm = Int32(try syscall(.ioctl("KVM_CREATE_VM")) { gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, 0) })
    } catch {
      vmCreationErrno = error.errno
    }
    defer { if let vm { closeDescriptor(vm) } }

    let capabilities = definitions.map { definition in
      let system = Self.reportedValue(fd: kvm, definition.number)
      let perVM = vm.map { Self.reportedValue(fd: $0, definition.number) }
      return KVMCapability(
        definition: definition, systemValue: system, vmValue: perVM,
        meaning: Self.meaning(of: definition, value: perVM ?? system))
    }
    return CapabilityReport(
      devicePath: devicePath, apiVersion: version, capabilities: capabilities, vmCreationErrno: vmCreationErrno)
  }

  /// KVM_CHECK_EXTENSION(number) on `fd`, /dev/kvm or a VM fd: the value (0 for a capability the kernel does not
  /// know). A failure names the capability as `name`, when given.
  static func check(fd: Int32, _ number: UInt32, name: String? = nil) throws(KVMError) -> Int {
    try syscall(.ioctl("KVM_CHECK_EXTENSION" + (name.map { "(\($0))" } ?? ""))) {
      gmem_ioctl_int(fd, GMEM_KVM_CHECK_EXTENSION, UInt(number))
    }
  }

  /// The value `check` gives, as the report records it: a failed check as its negated errno.
  private static func reportedValue(fd: Int32, _ number: UInt32) -> Int {
    do {
      return try check(fd: fd, number)
    } catch {
      return -Int(error.errno)
    }
  }

  /// What `value` of `definition` means on this kernel.
  static func meaning(of definition: KVMCapabilityDefinition, value: Int) -> String {
    if value < 0 { return "KVM_CHECK_EXTENSION failed: \(KVMError.message(Int32(-value)))" }
    if definition.isConfiguration {
      let state = value > 0 ? "reported (\(value))" : "not reported"
      return "\(state) at configured number \(definition.number) (\(definition.origin)); the number is configuration"
    }
    switch definition.number {
    case KVMCapabilityDefinition.userMemory2.number:
      return value > 0 ? "KVM_SET_USER_MEMORY_REGION2 available" : "no KVM_SET_USER_MEMORY_REGION2"
    case KVMCapabilityDefinition.memoryFaultInfo.number:
      return value > 0 ? "KVM_EXIT_MEMORY_FAULT reported" : "no KVM_EXIT_MEMORY_FAULT"
    case KVMCapabilityDefinition.memoryAttributes.number:
      return value > 0
        ? "KVM_SET_MEMORY_ATTRIBUTES accepts " + CapabilityReport.describeAttributes(value)
        : "no memory attributes (KVM_SET_MEMORY_ATTRIBUTES unsupported)"
    case KVMCapabilityDefinition.guestMemfd.number:
      return value > 0 ? "KVM_CREATE_GUEST_MEMFD available" : "no guest_memfd"
    case KVMCapabilityDefinition.vmTypes.number:
      let types = VMType.allCases.filter { UInt64(value) & (1 << $0.value) != 0 }.map(\.rawValue)
      return "VM types " + (types.isEmpty ? "none" : types.joined(separator: ","))
    case KVMCapabilityDefinition.preFaultMemory.number:
      return value > 0 ? "KVM_PRE_FAULT_MEMORY available" : "no pre-fault (KVM_PRE_FAULT_MEMORY unsupported)"
    case KVMCapabilityDefinition.guestMemfdFlags.number:
      return "guest_memfd flags " + GuestMemfdFlag.describe(UInt64(value))
    default:
      return value > 0 ? "reported (\(value))" : "not reported"
    }
  }
}
