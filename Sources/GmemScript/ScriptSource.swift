#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a script file, with a one-line reason when it cannot be read.
public enum ScriptSource {
  /// The file's bytes, or why they cannot be read (`cannot read FILE: No such file or directory`). `-` is standard
  /// input. A regular file is read, and so is a pipe or FIFO that has a writer (`<(…)`, `/dev/stdin` in a pipeline);
  /// a FIFO with no writer, a device or a directory is refused at once (the open is O_NONBLOCK, so that it cannot
  /// block, and a FIFO's first read tells a writer that has not written yet (EAGAIN) from none at all (EOF)).
  public static func read(path: String) -> Result<[UInt8], ReadError> {
    let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      return .failure(ReadError(path: path, reason: String(cString: strerror(errno))))
    }
    defer { _ = close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return .failure(ReadError(path: path, reason: String(cString: strerror(errno)))) }
    let isFIFO = st.st_mode & S_IFMT == S_IFIFO
    if path != "-", !isFIFO, let kind = notRegular(st.st_mode) { return .failure(ReadError(path: path, reason: kind)) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    var first = true
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN {
          // A writer is there but has not written yet: wait for it (or for it to close).
          var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
          _ = poll(&p, 1, -1)
          first = false
          continue
        }
        return .failure(ReadError(path: path, reason: String(cString: strerror(errno))))
      }
      if n == 0 {
        if first && isFIFO && path != "-" {
          return .failure(ReadError(path: path, reason: "a FIFO with no writer, or an empty pipe: nothing to read"))
        }
        break
      }
      first = false
      bytes.append(contentsOf: buffer[0..<n])
      if bytes.count > 64 << 20 {
        return .failure(ReadError(path: path, reason: "larger than 64 MiB"))
      }
    }
    return .success(bytes)
  }

  /// Why a file of `mode` is not read as a script: nil for a regular file.
  private static func notRegular(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: "Is a directory"
    case S_IFIFO: "not a regular file (a FIFO)"
    case S_IFCHR, S_IFBLK: "not a regular file (a device)"
    case S_IFSOCK: "not a regular file (a socket)"
    default: "not a regular file"
    }
  }
}

/// A script file that cannot be read.
public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The path as given.
  public var path: String
  /// strerror's words.
  public var reason: String

  public var description: String { "cannot read \(path): \(reason)" }
}
