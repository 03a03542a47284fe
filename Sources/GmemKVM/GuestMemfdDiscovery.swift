import CGmemSys

#if canImport(Glibc)
  import Glibc
#endif

/// The guest_memfds of another process, found through procfs without changing anything in it:
///
/// - its fds are the /proc/PID/fd links to `anon_inode:[kvm-gmem]` (kernel-here §2), each one's inode and size
///   from stat(2) through the link (the same st_ino and st_size as fstat of the fd);
/// - the areas that map one are the /proc/PID/maps lines `anon_inode:[kvm-gmem]` with its inode, each with the file
///   offset it maps from.
///
/// A pidfd (pidfd_open) holds on to the process, so a pid reused after it exits is not mistaken for it, and it is
/// what `copy(fd:)` asks pidfd_getfd with. Reading /proc/PID/fd and maps needs PTRACE_MODE_READ; copying an fd
/// needs PTRACE_MODE_ATTACH_REALCREDS (CAP_SYS_PTRACE, or the same uid).
public final class GuestMemfdDiscovery {
  /// What /proc/PID/fd/N links to for a guest_memfd.
  public static let linkName = "anon_inode:[kvm-gmem]"

  /// The process.
  public let pid: Int32
  /// The pidfd of `pid`, closed when this is released.
  let pidfd: Int32

  /// Opens a pidfd of `pid`. Throws `noSuchProcess` when there is no such process.
  public init(pid: Int32) throws(AttachError) {
    let fd = pid > 0 ? gmem_pidfd_open(pid) : -ESRCH
    guard fd >= 0 else {
      // EINVAL: not a thread-group leader's pid, or not a pid at all.
      if fd == -ESRCH || fd == -EINVAL { throw .noSuchProcess(pid: pid) }
      throw .callFailed(pid: pid, call: "pidfd_open", errno: -fd)
    }
    self.pid = pid
    pidfd = fd
  }

  deinit { _ = gmem_close(pidfd) }

  /// False once the process has exited (its pidfd polls readable).
  public var isAlive: Bool {
    var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, 0) == 0
  }

  /// The process's guest_memfds, by fd. Throws `noGuestMemfd` when it has none.
  public func guestMemfds() throws(AttachError) -> [DiscoveredGuestMemfd] {
    var found: [DiscoveredGuestMemfd] = []
    for fd in try descriptors() where try link(of: fd) == Self.linkName {
      if let gmem = try status(of: fd) { found.append(gmem) }
    }
    guard !found.isEmpty else { throw .noGuestMemfd(pid: pid) }
    return found
  }

  /// The guest_memfd at `fd`; throws `noSuchDescriptor` or `notAGuestMemfd` (naming what `fd` is instead).
  public func guestMemfd(fd: Int32) throws(AttachError) -> DiscoveredGuestMemfd {
    guard let link = try link(of: fd) else { throw missing(fd) }
    guard link == Self.linkName else { throw .notAGuestMemfd(pid: pid, fd: fd, link: link) }
    guard let gmem = try status(of: fd) else { throw missing(fd) }
    return gmem
  }

  /// A copy of the process's fd `fd` in this process (pidfd_getfd, O_CLOEXEC); the caller closes it.
  public func copy(fd: Int32) throws(AttachError) -> Int32 {
    let copy = gmem_pidfd_getfd(pidfd, fd)
    guard copy < 0 else { return copy }
    switch -copy {
    case EPERM, EACCES: throw .notPermitted(pid: pid, call: "pidfd_getfd", errno: -copy)
    case EBADF: throw .noSuchDescriptor(pid: pid, fd: fd)
    case ESRCH: throw .noSuchProcess(pid: pid)
    default: throw .callFailed(pid: pid, call: "pidfd_getfd", errno: -copy)
    }
  }

  /// The inode of the file the process holds at `fd` now; nil when it has closed it or exited.
  public func inode(ofFD fd: Int32) -> UInt64? {
    (try? status(of: fd))??.inode
  }

  /// The areas of the process that map the guest_memfd with `inode`, in address order; empty when it maps none or
  /// has exited.
  public func vmas(inode: UInt64) -> [GuestMemfdVMA] {
    guard let text = Self.contents(of: "/proc/\(pid)/maps") else { return [] }
    var vmas: [GuestMemfdVMA] = []
    for line in text.split(separator: "\n") where line.hasSuffix(Self.linkName) {
      // start-end perms offset dev inode path (proc(5)); the offset is in bytes, in hex.
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6, UInt64(fields[4]) == inode else { continue }
      let bounds = fields[0].split(separator: "-")
      guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16),
        let offset = UInt64(fields[2], radix: 16), end > start
      else { continue }
      vmas.append(GuestMemfdVMA(address: start, length: end - start, fileOffset: offset))
    }
    return vmas
  }

  /// The process's fd numbers, in order.
  private func descriptors() throws(AttachError) -> [Int32] {
    let path = "/proc/\(pid)/fd"
    guard let dir = opendir(path) else { throw failure(errno, call: "open \(path)") }
    defer { closedir(dir) }
    var fds: [Int32] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if let fd = Int32(name) { fds.append(fd) }
    }
    return fds.sorted()
  }

  /// What /proc/PID/fd/`fd` links to; nil when there is no such fd.
  private func link(of fd: Int32) throws(AttachError) -> String? {
    let path = "/proc/\(pid)/fd/\(fd)"
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink(path, &buffer, buffer.count - 1)
    guard length >= 0 else {
      if errno == ENOENT { return nil }
      throw failure(errno, call: "readlink \(path)")
    }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The inode and size of the file at `fd`, by stat(2) through its /proc link; nil when there is no such fd.
  private func status(of fd: Int32) throws(AttachError) -> DiscoveredGuestMemfd? {
    let path = "/proc/\(pid)/fd/\(fd)"
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return nil }
      throw failure(errno, call: "stat \(path)")
    }
    return DiscoveredGuestMemfd(fd: fd, inode: UInt64(info.st_ino), size: UInt64(info.st_size))
  }

  /// The error for an fd that is not there: the process has closed it, or has exited.
  private func missing(_ fd: Int32) -> AttachError {
    isAlive ? .noSuchDescriptor(pid: pid, fd: fd) : .noSuchProcess(pid: pid)
  }

  /// The error for `code` from `call` on the process's procfs files.
  private func failure(_ code: Int32, call: String) -> AttachError {
    switch code {
    case ENOENT, ESRCH: .noSuchProcess(pid: pid)
    case EPERM, EACCES: .notPermitted(pid: pid, call: call, errno: code)
    default: .callFailed(pid: pid, call: call, errno: code)
    }
  }

  /// The whole of a procfs file, or nil when it cannot be read.
  private static func contents(of path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { _ = close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
      bytes += buffer[0..<count]
    }
  }
}
