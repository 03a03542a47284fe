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
    guard pid > 0 else { throw .noSuchProcess(pid: pid) }
    do {
      pidfd = try syscall(.call("pidfd_open")) { gmem_pidfd_open(pid) }
    } catch {
      // EINVAL: not a thread-group leader's pid, or not a pid at all.
      if error.errno == ESRCH || error.errno == EINVAL { throw .noSuchProcess(pid: pid) }
      throw .callFailed(pid: pid, call: error.call, errno: error.errno)
    }
    self.pid = pid
  }

  deinit { closeDescriptor(pidfd) }

  /// False once the process has exited (its pidfd polls readable).
  public var isAlive: Bool {
    var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
    return (try? syscall(.call("poll")) { negatedErrno(poll(&entry, 1, 0)) }) == 0
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
    do {
      return try syscall(.call("pidfd_getfd")) { gmem_pidfd_getfd(pidfd, fd) }
    } catch {
      switch error.errno {
      case EPERM, EACCES: throw .notPermitted(pid: pid, call: error.call, errno: error.errno)
      case EBADF: throw .noSuchDescriptor(pid: pid, fd: fd)
      case ESRCH: throw .noSuchProcess(pid: pid)
      default: throw .callFailed(pid: pid, call: error.call, errno: error.errno)
      }
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
    let dir: OpaquePointer
    do {
      dir = try syscall(.call("open \(path)"), pointer: { opendir(path) })
    } catch {
      throw failure(error)
    }
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
    let capacity = buffer.count - 1
    let length: Int
    do throws(KVMError) {
      length = try syscall(.call("readlink \(path)")) {
        negatedErrno(readlink(path, &buffer, capacity))
      }
    } catch {
      if error.errno == ENOENT { return nil }
      throw failure(error)
    }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The inode and size of the file at `fd`, by stat(2) through its /proc link; nil when there is no such fd.
  private func status(of fd: Int32) throws(AttachError) -> DiscoveredGuestMemfd? {
    let path = "/proc/\(pid)/fd/\(fd)"
    var info = stat()
    do throws(KVMError) {
      try syscall(.call("stat \(path)")) { negatedErrno(stat(path, &info)) }
    } catch {
      if error.errno == ENOENT { return nil }
      throw failure(error)
    }
    return DiscoveredGuestMemfd(fd: fd, inode: UInt64(info.st_ino), size: UInt64(info.st_size))
  }

  /// The error for an fd that is not there: the process has closed it, or has exited.
  private func missing(_ fd: Int32) -> AttachError {
    isAlive ? .noSuchDescriptor(pid: pid, fd: fd) : .noSuchProcess(pid: pid)
  }

  /// The error for a failed call on the process's procfs files.
  private func failure(_ error: KVMError) -> AttachError {
    switch error.errno {
    case ENOENT, ESRCH: .noSuchProcess(pid: pid)
    case EPERM, EACCES: .notPermitted(pid: pid, call: error.call, errno: error.errno)
    default: .callFailed(pid: pid, call: error.call, errno: error.errno)
    }
  }

  /// The whole of a procfs file, or nil when it cannot be read.
  private static func contents(of path: String) -> String? {
    guard let fd = try? openReadOnly(path) else { return nil }
    defer { closeDescriptor(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count: Int? = try? syscall(.call("read \(path)"), retryingInterrupts: true) {
        buffer.withUnsafeMutableBytes { negatedErrno(Glibc.read(fd, $0.baseAddress, $0.count)) }
      }
      guard let count else { return nil }
      guard count > 0 else { return String(decoding: bytes, as: UTF8.self) }
      bytes += buffer[0..<count]
    }
  }
}
