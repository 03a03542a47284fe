import GmemModel

/// Why `gmemviz attach` cannot observe a process's guest_memfd. Each description is one line.
public enum AttachError: Error, Equatable, Sendable, CustomStringConvertible {
  /// There is no process `pid` (pidfd_open gave ESRCH, or /proc/PID is gone).
  case noSuchProcess(pid: Int32)
  /// The kernel refused `call` on process `pid` with `errno` (EPERM or EACCES).
  case notPermitted(pid: Int32, call: String, errno: Int32)
  /// No fd of process `pid` links to `anon_inode:[kvm-gmem]`.
  case noGuestMemfd(pid: Int32)
  /// Process `pid` has no fd `fd`.
  case noSuchDescriptor(pid: Int32, fd: Int32)
  /// Fd `fd` of process `pid` is something else: `link` is what /proc/PID/fd/FD links to.
  case notAGuestMemfd(pid: Int32, fd: Int32, link: String)
  /// The guest_memfd is larger than gmemviz keeps page state for.
  case tooLarge(pid: Int32, fd: Int32, size: UInt64, limit: UInt64)
  /// Another call failed with `errno`.
  case callFailed(pid: Int32, call: String, errno: Int32)

  public var description: String {
    switch self {
    case .noSuchProcess(let pid):
      "no such process: \(pid)"
    case .notPermitted(let pid, let call, let errno):
      "not permitted to attach to pid \(pid): \(call): \(KVMError.message(errno)) (run as root or with "
        + "CAP_SYS_PTRACE, or as its user: /proc/PID/fd and pidfd_getfd check ptrace access)"
    case .noGuestMemfd(let pid):
      "pid \(pid) has no guest_memfd (no fd in /proc/\(pid)/fd links to \(GuestMemfdDiscovery.linkName))"
    case .noSuchDescriptor(let pid, let fd):
      "pid \(pid) has no fd \(fd)"
    case .notAGuestMemfd(let pid, let fd, let link):
      "pid \(pid) fd \(fd) is not a guest_memfd: it is \(link)"
    case .tooLarge(let pid, let fd, let size, let limit):
      "pid \(pid) fd \(fd) is a guest_memfd of \(hex(size)) bytes, larger than gmemviz shows (\(hex(limit)))"
    case .callFailed(let pid, let call, let errno):
      "attaching to pid \(pid): \(call): \(KVMError.message(errno))"
    }
  }
}
