/// What decides whether a host fault on a page of the file succeeds (`kvm_gmem_fault` returns VM_FAULT_SIGBUS
/// otherwise); the same gate decides whether GUP can pin it.
public enum HostFaultGate: String, Sendable, Codable {
  /// rfc1's per-inode faultability xarray (patch 26), separate from the VM's PRIVATE attribute.
  case faultability
  /// The file's own shared/private state: rfc2's shareability, inplace's attributes, upstream's INIT_SHARED.
  case shareability

  /// The word for a page the gate lets through: "faultable" or "shared".
  public var word: String {
    switch self {
    case .faultability: "faultable"
    case .shareability: "shared"
    }
  }

  /// The words for a page the gate refuses: "not faultable" or "not shared".
  public var refusal: String { "not \(word)" }
}
