#if canImport(Glibc)
  import Glibc
#endif

/// Standard output, one line at a time, through write(2): each line is out as soon as it is printed (a reader on
/// a pipe sees it at once, and a signal loses nothing already printed), and a failed write is an error instead of
/// being lost in stdio's buffer. Every command but `run` (``BufferedOutput``) prints its results through here.
enum StandardOutput {
  /// Writes `text` and a newline.
  static func line(_ text: String) throws(WriteError) {
    var line = text + "\n"
    let failed = line.withUTF8 { WriteError.writeAll(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }
    if let failed { throw WriteError(target: "standard output", errno: failed) }
  }
}
