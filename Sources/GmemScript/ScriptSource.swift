#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a script file, with a one-line reason when it cannot be read.
public enum ScriptSource {
  /// The file's bytes, or why they cannot be read (`cannot read FILE: No such file or directory`).
  public static func read(path: String) -> Result<[UInt8], ReadError> {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      return .failure(ReadError(path: path, reason: String(cString: strerror(errno))))
    }
    defer { _ = close(fd) }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
      return .failure(ReadError(path: path, reason: "Is a directory"))
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(ReadError(path: path, reason: String(cString: strerror(errno))))
      }
      if n == 0 { break }
      bytes.append(contentsOf: buffer[0..<n])
      if bytes.count > 64 << 20 {
        return .failure(ReadError(path: path, reason: "larger than 64 MiB"))
      }
    }
    return .success(bytes)
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
