import CGmemSys

#if canImport(Glibc)
  import Glibc
#endif

/// How a failed system call is named in its `KVMError`.
enum SystemCallName {
  /// open(2) of the KVM device: `KVMError.cannotOpen`.
  case open(String)
  /// An ioctl, by request name: `KVMError.ioctlFailed`.
  case ioctl(String)
  /// Any other call (fallocate, mmap, madvise, cachestat, io_uring, procfs reads...): `KVMError.callFailed`.
  case call(String)

  /// The error for `errno` from this call.
  func error(_ errno: Int32) -> KVMError {
    switch self {
    case .open(let path): .cannotOpen(path: path, errno: errno)
    case .ioctl(let request): .ioctlFailed(request: request, errno: errno)
    case .call(let call): .callFailed(call: call, errno: errno)
    }
  }
}

/// GmemKVM's one rule for system calls (after swift-nio's `syscall`): `body` makes one call and returns its result
/// (>= 0) or the negated errno, as every CGmemSys wrapper does (a C library call is adapted with `negatedErrno`).
/// A failure throws the `KVMError` that `name` gives its errno. EINTR is retried only with `retryingInterrupts`, for
/// calls a signal merely interrupts (KVM_RUN, reads); elsewhere it is the call's outcome, as the kernel reports it.
@inline(__always)
@discardableResult
func syscall<Value: SignedInteger>(
  _ name: @autoclosure () -> SystemCallName, retryingInterrupts: Bool = false, _ body: () -> Value
) throws(KVMError) -> Value {
  while true {
    let result = body()
    if result >= 0 { return result }
    let code = Int32(truncatingIfNeeded: -result)
    if code == EINTR && retryingInterrupts { continue }
    throw name().error(code)
  }
}

/// `syscall` for a call that returns a pointer, or nil with errno set.
@inline(__always)
func syscall<Pointer>(_ name: @autoclosure () -> SystemCallName, pointer body: () -> Pointer?) throws(KVMError)
  -> Pointer
{
  guard let pointer = body() else { throw name().error(errno) }
  return pointer
}

/// The C library's convention turned into CGmemSys's: `result`, or the negated errno when it is -1.
@inline(__always)
func negatedErrno<Value: SignedInteger>(_ result: Value) -> Value {
  result == -1 ? -Value(errno) : result
}

/// mmap(2) through `syscall`: the address of the new mapping.
func mapMemory(
  _ name: @autoclosure () -> SystemCallName, length: Int, protection: Int32, flags: Int32, fd: Int32
) throws(KVMError) -> UnsafeMutableRawPointer {
  try syscall(name()) {
    let address = mmap(nil, length, protection, flags, fd, 0)
    return address == MAP_FAILED ? nil : address
  }
}

/// open(2) of the KVM device at `path` read-write (O_CLOEXEC): the fd, or `KVMError.cannotOpen`.
func openDevice(_ path: String) throws(KVMError) -> Int32 {
  try syscall(.open(path)) { gmem_open(path, O_RDWR | O_CLOEXEC) }
}

/// open(2) of `path` read-only (O_CLOEXEC), as procfs files are read: the fd.
func openReadOnly(_ path: String) throws(KVMError) -> Int32 {
  try syscall(.call("open \(path)")) { negatedErrno(open(path, O_RDONLY | O_CLOEXEC)) }
}

/// munmap(2) of a mapping this process made; it cannot fail for one, and a release has no one to tell.
func unmapMemory(_ address: UnsafeMutableRawPointer, length: Int) {
  _ = munmap(address, length)
}

/// close(2) of an fd this process owns. It is never retried: Linux releases the fd even when close reports EINTR,
/// and a release has no one to tell of a failure.
func closeDescriptor(_ fd: Int32) {
  _ = gmem_close(fd)
}
