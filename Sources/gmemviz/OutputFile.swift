#if canImport(Glibc)
  import Glibc
#endif

/// A file that is written whole or not at all. A new or regular file is written to a temporary file beside it,
/// renamed over it by `commit()`; anything else (/dev/full, /dev/stdout, a FIFO, a symbolic link) is written in
/// place. A failed write is kept and reported by `commit()`; a file never committed leaves no temporary behind.
final class OutputFile {
  /// The path as given.
  let path: String
  private var fd: Int32
  /// The temporary file renamed to `path` on commit; nil when writing in place.
  private var temporary: String?
  private var buffer: [UInt8] = []
  /// The first failure, after which nothing more is written.
  private var failure: WriteError?
  /// Bytes gathered before a write(2).
  private static let bufferSize = 1 << 16

  /// Opens `path` for writing (see the type's description).
  init(path: String) throws(WriteError) {
    self.path = path
    var st = stat()
    if lstat(path, &st) != 0 || (st.st_mode & S_IFMT) == S_IFREG {
      var template = Array((Self.directory(of: path) + "/.gmemviz-XXXXXX").utf8CString)
      fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard fd >= 0 else { throw WriteError(target: path, errno: errno) }
      temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let mask = umask(0)
      umask(mask)
      fchmod(fd, 0o666 & ~mask)
    } else {
      fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
      guard fd >= 0 else { throw WriteError(target: path, errno: errno) }
    }
  }

  deinit { discard() }

  /// Adds `text` to the file.
  func write(_ text: String) {
    guard failure == nil else { return }
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.bufferSize { flush() }
  }

  /// Writes what is buffered.
  func flush() {
    guard failure == nil, !buffer.isEmpty, fd >= 0 else { return }
    if let failed = buffer.withUnsafeBytes({ WriteError.writeAll($0, to: fd) }) {
      failure = WriteError(target: path, errno: failed)
    }
    buffer = []
  }

  /// Finishes the file: everything written, closed, and renamed to `path`. On failure nothing is left at `path`
  /// that was not there before (when writing in place, what was written stays).
  func commit() throws(WriteError) {
    flush()
    if failure == nil, fd >= 0, close(fd) != 0 { failure = WriteError(target: path, errno: errno) }
    fd = -1
    if failure == nil, let temporary {
      if rename(temporary, path) != 0 { failure = WriteError(target: path, errno: errno) } else { self.temporary = nil }
    }
    if let failure {
      discard()
      throw failure
    }
  }

  /// Closes the file and removes the temporary one, if any.
  private func discard() {
    if fd >= 0 { close(fd) }
    fd = -1
    if let temporary { unlink(temporary) }
    temporary = nil
  }

  /// The directory `path` is in (`.` for a bare name).
  private static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
