import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

/// Output that could not be written: a full disk or /dev/full (ENOSPC), a read-only or missing directory, an I/O
/// error. The command stops with this one line and exit status 2 — but for a reader that went away (EPIPE), which
/// is no failure: the command stops quietly with exit status 141 (``readerGoneStatus``).
struct WriteError: Error, CustomStringConvertible {
  /// What was being written: `standard output` or a path.
  var target: String
  /// The errno of the failed call.
  var errno: Int32

  var description: String { "cannot write \(target): \(String(cString: strerror(errno)))" }

  /// True when the reader of a pipe went away (`gmemviz run FILE | head -1`): SIGPIPE is ignored (main.swift), so
  /// the next write fails with EPIPE, and the command stops there, saying nothing.
  var readerWentAway: Bool { errno == EPIPE }

  /// The exit status of a command whose reader went away: 128 + SIGPIPE, what a shell shows for a tool that SIGPIPE
  /// ended (`cat`, `seq`), so `set -o pipefail` and `PIPESTATUS` see the same as with them.
  static let readerGoneStatus: Int32 = 128 + SIGPIPE

  /// How the command ends on this failure: quietly with ``readerGoneStatus`` when the reader went away, otherwise
  /// with `message` on standard error and exit status 2.
  func exitCode(reporting message: String) -> ExitCode {
    if readerWentAway { return ExitCode(Self.readerGoneStatus) }
    printError(message)
    return ExitCode(2)
  }

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
