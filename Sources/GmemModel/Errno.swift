/// The errnos the model returns, with their Linux numbers and what they mean.
public enum Errno: String, Sendable, CaseIterable, Codable {
  case EPERM, ENOENT, EINTR, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV,
    EINVAL
  case EFBIG, ENOSPC, ESPIPE, ENOTTY, EOPNOTSUPP, EHWPOISON

  /// The Linux x86-64 number.
  public var number: Int32 {
    switch self {
    case .EPERM: 1
    case .ENOENT: 2
    case .EINTR: 4
    case .EIO: 5
    case .EBADF: 9
    case .EAGAIN: 11
    case .ENOMEM: 12
    case .EACCES: 13
    case .EFAULT: 14
    case .EBUSY: 16
    case .EEXIST: 17
    case .ENODEV: 19
    case .EINVAL: 22
    case .ENOTTY: 25
    case .EFBIG: 27
    case .ENOSPC: 28
    case .ESPIPE: 29
    case .EOPNOTSUPP: 95
    case .EHWPOISON: 133
    }
  }

  /// The errno for a Linux number, if the model knows it.
  public init?(number: Int32) {
    guard let known = Errno.allCases.first(where: { $0.number == number }) else { return nil }
    self = known
  }

  /// What the errno means, as strerror says it.
  public var meaning: String {
    switch self {
    case .EPERM: "operation not permitted"
    case .ENOENT: "no such file or directory"
    case .EINTR: "interrupted system call"
    case .EIO: "input/output error"
    case .EBADF: "bad file descriptor"
    case .EAGAIN: "resource temporarily unavailable"
    case .ENOMEM: "cannot allocate memory"
    case .EACCES: "permission denied"
    case .EFAULT: "bad address"
    case .EBUSY: "device or resource busy"
    case .EEXIST: "file exists"
    case .ENODEV: "no such device"
    case .EINVAL: "invalid argument"
    case .ENOTTY: "inappropriate ioctl for device"
    case .EFBIG: "file too large"
    case .ENOSPC: "no space left on device"
    case .ESPIPE: "illegal seek"
    case .EOPNOTSUPP: "operation not supported"
    case .EHWPOISON: "memory page has hardware error"
    }
  }
}

/// Signals a host access can raise.
public enum Signal: String, Sendable, Codable {
  case SIGBUS, SIGSEGV
}
