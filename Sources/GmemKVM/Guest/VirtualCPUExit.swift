import CGmemSys
import GmemModel

/// Why KVM_RUN returned to userspace: the exits a guest access expects, and any other by its kvm_run reason.
enum VirtualCPUExit: Equatable {
  /// KVM_EXIT_HLT: the guest program finished.
  case halt
  /// KVM_EXIT_MMIO: an access to `gpa` reached no memory. Under PVM every access is emulated through the memslot's
  /// userspace_addr, so this is what a slot with userspace_addr 0, or a mapping that SIGBUSes, gives
  /// (kernel-here.md §6 E and F).
  case mmio(gpa: UInt64, write: Bool)
  /// KVM_EXIT_MEMORY_FAULT (KVM_RUN fails with EFAULT): the access kind disagreed with the gpa's attribute
  /// (spec §2.9). `flags` has KVM_MEMORY_EXIT_FLAG_PRIVATE for a private access.
  case memoryFault(gpa: UInt64, size: UInt64, flags: UInt64)
  /// Any other exit: its reason number and a line naming it, with its details.
  case other(reason: UInt32, description: String)

  /// The exit `run` describes, read right after KVM_RUN returned it.
  init(_ run: gmem_kvm_run) {
    switch run.exit_reason {
    case GMEM_KVM_EXIT_HLT:
      self = .halt
    case GMEM_KVM_EXIT_MMIO:
      self = .mmio(gpa: run.mmio.phys_addr, write: run.mmio.is_write != 0)
    case GMEM_KVM_EXIT_MEMORY_FAULT:
      self = .memoryFault(gpa: run.memory_fault.gpa, size: run.memory_fault.size, flags: run.memory_fault.flags)
    case GMEM_KVM_EXIT_INTERNAL_ERROR:
      self = .other(
        reason: run.exit_reason,
        description: "KVM_EXIT_INTERNAL_ERROR (17), suberror \(run.internal.suberror)"
          + (run.internal.suberror == 1 ? " (emulation failure)" : ""))
    case GMEM_KVM_EXIT_FAIL_ENTRY:
      self = .other(
        reason: run.exit_reason,
        description: "KVM_EXIT_FAIL_ENTRY (9), hardware reason \(hex(run.fail_entry.hardware_entry_failure_reason))")
    case GMEM_KVM_EXIT_IO:
      self = .other(
        reason: run.exit_reason,
        description: "KVM_EXIT_IO (2) on port \(hex(UInt64(run.io.port))), which the guest program never uses")
    default:
      let reason = run.exit_reason
      self = .other(reason: reason, description: Self.name(of: reason).map { "\($0) (\(reason))" } ?? "exit \(reason)")
    }
  }

  /// The exit by its uapi name, with its details.
  var description: String {
    switch self {
    case .halt: "KVM_EXIT_HLT (5)"
    case .mmio(let gpa, let write): "KVM_EXIT_MMIO (6), a \(write ? "store to" : "load from") gpa \(hex(gpa))"
    case .memoryFault(let gpa, let size, let flags):
      "KVM_EXIT_MEMORY_FAULT (39) at gpa \(hex(gpa))+\(hex(size)), flags \(hex(flags))"
    case .other(_, let description): description
    }
  }

  /// KVM_EXIT_SHUTDOWN and the other reasons by their uapi names; nil for a number this list does not know.
  static func name(of reason: UInt32) -> String? {
    switch reason {
    case GMEM_KVM_EXIT_UNKNOWN: "KVM_EXIT_UNKNOWN"
    case GMEM_KVM_EXIT_EXCEPTION: "KVM_EXIT_EXCEPTION"
    case GMEM_KVM_EXIT_HYPERCALL: "KVM_EXIT_HYPERCALL"
    case GMEM_KVM_EXIT_DEBUG: "KVM_EXIT_DEBUG"
    case GMEM_KVM_EXIT_SHUTDOWN: "KVM_EXIT_SHUTDOWN (a triple fault)"
    case GMEM_KVM_EXIT_INTR: "KVM_EXIT_INTR"
    case GMEM_KVM_EXIT_SYSTEM_EVENT: "KVM_EXIT_SYSTEM_EVENT"
    default: nil
    }
  }
}
