#if canImport(Glibc)
  import Glibc
#endif

/// A failure talking to KVM, with the path or ioctl and the errno the kernel returned.
public enum KVMError: Error, Equatable, Sendable, CustomStringConvertible {
  /// open(2) of the KVM device failed (ENOENT: no KVM here; EACCES: not permitted).
  case cannotOpen(path: String, errno: Int32)
  /// An ioctl on the device or a VM fd failed.
  case ioctlFailed(request: String, errno: Int32)
  /// Another system call (fallocate, cachestat, ...) on a KVM or guest_memfd fd failed.
  case callFailed(call: String, errno: Int32)

  /// The errno the kernel returned.
  public var errno: Int32 {
    switch self {
    case .cannotOpen(_, let errno), .ioctlFailed(_, let errno), .callFailed(_, let errno): errno
    }
  }

  /// The call that failed, as a command's error line names it: `open PATH`, the ioctl request, or the call.
  var call: String {
    switch self {
    case .cannotOpen(let path, _): "open \(path)"
    case .ioctlFailed(let call, _), .callFailed(let call, _): call
    }
  }

  /// True when KVM is absent from this machine (no device node, or no driver behind it).
  public var kvmIsAbsent: Bool {
    guard case .cannotOpen(_, let errno) = self else { return false }
    return errno == ENOENT || errno == ENODEV || errno == ENXIO
  }

  /// `PATH: strerror` or `REQUEST: strerror`, as the C library prints it.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let errno): "\(path): \(KVMError.message(errno))"
    case .ioctlFailed(let request, let errno): "\(request): \(KVMError.message(errno))"
    case .callFailed(let call, let errno): "\(call): \(KVMError.message(errno))"
    }
  }

  /// strerror(errno), e.g. "No such file or directory".
  public static func message(_ errno: Int32) -> String {
    guard let text = strerror(errno) else { return "errno \(errno)" }
    return String(cString: text)
  }
}
