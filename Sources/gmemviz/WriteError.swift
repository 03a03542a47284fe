#if canImport(Glibc)
  import Glibc
#endif

/// Output that could not be written: a full disk or /dev/full (ENOSPC), a read-only or missing directory, an I/O
/// error. The command stops with this one line and exit status 2.
struct WriteError: Error, CustomStringConvertible {
  /// What was being written: `standard output` or a path.
  var target: String
  /// The errno of the failed call.
  var errno: Int32

  var description: String { "cannot write \(target): \(String(cString: strerror(errno)))" }

  /// Writes every byte of `bytes` to `fd` with write(2), again after EINTR and after a short write; the errno of
  /// the first failure, or nil.
  static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
    var done = 0
    while done < bytes.count {
      let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
      if n < 0 {
        if Glibc.errno == EINTR { continue }
        return Glibc.errno
      }
      done += n
    }
    return nil
  }
}
