import GmemKVM
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// A kernel made of tables: the system values, the values on a VM of each type, and the types whose KVM_CREATE_VM
/// fails. It records the types it was asked to create. Capabilities missing from a table are 0, as for a number the
/// kernel does not know.
final class FakeCapabilitySource: CapabilitySource {
  var version = 12
  var versionErrno: Int32?
  var system: [UInt32: Int]
  var vms: [VMType: [UInt32: Int]]
  var creationErrnos: [VMType: Int32] = [:]
  private(set) var createdTypes: [VMType] = []

  init(system: [UInt32: Int], vms: [VMType: [UInt32: Int]]) {
    self.system = system
    self.vms = vms
  }

  func apiVersion() throws(KVMError) -> Int {
    if let versionErrno { throw .ioctlFailed(request: "KVM_GET_API_VERSION", errno: versionErrno) }
    return version
  }

  func systemValue(_ number: UInt32) -> Int { system[number] ?? 0 }

  func vmValues(type: VMType, _ numbers: [UInt32]) throws(KVMError) -> [Int] {
    createdTypes.append(type)
    if let errno = creationErrnos[type] { throw .ioctlFailed(request: "KVM_CREATE_VM(\(type.value))", errno: errno) }
    guard let values = vms[type] else { throw .ioctlFailed(request: "KVM_CREATE_VM(\(type.value))", errno: EINVAL) }
    return numbers.map { values[$0] ?? 0 }
  }

  /// Linux 6.12 built with KVM_SW_PROTECTED_VM (the lab kernel, as /work/shared/lab/README.md found it): guest_memfd
  /// and PRIVATE on /dev/kvm and on a sw-protected VM, neither on a default VM; no KVM_CAP_GUEST_MEMFD_FLAGS.
  static func lab() -> FakeCapabilitySource {
    let common: [UInt32: Int] = [231: 1, 232: 1, 235: 0b11, 236: 1]
    return FakeCapabilitySource(
      system: common.merging([233: 8, 234: 1]) { $1 },
      vms: [.default: common.merging([233: 0, 234: 0]) { $1 }, .swProtected: common.merging([233: 8, 234: 1]) { $1 }])
  }

  /// This machine's Linux 6.18 under PVM: only default VMs, guest_memfd with MMAP|INIT_SHARED, no memory
  /// attributes, no pre-fault.
  static func host() -> FakeCapabilitySource {
    let values: [UInt32: Int] = [231: 1, 232: 1, 233: 0, 234: 1, 235: 1, 236: 0, 244: 3]
    return FakeCapabilitySource(system: values, vms: [.default: values])
  }
}
