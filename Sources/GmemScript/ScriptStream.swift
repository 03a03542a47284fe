#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A script read from its file descriptor a block at a time and handed out a line at a time: memory holds the
/// unread part of the last block and the line being read, however long the script.
///
/// Opened like `ScriptSource.read`: `-` is standard input; a regular file, or a pipe or FIFO with a writer, is
/// read; a FIFO with no writer, a device or a directory is refused at once.
public final class ScriptStream {
  /// The path as given.
  public let path: String
  private let fd: Int32
  private let isFIFO: Bool
  /// Bytes read and not yet handed out start at `start`. (Used from one thread: no access checks, which were a
  /// few percent of a long `gmemviz run`.)
  @exclusivity(unchecked) private var buffer: [UInt8] = []
  @exclusivity(unchecked) private var start = 0
  private var atEnd = false
  private var readAnything = false
  /// The number of the next line.
  @exclusivity(unchecked) private var number = 1

  /// The longest line `nextLine` reads: a longer one is refused rather than held whole.
  public static let longestLine = 1 << 20
  private static let block = 65536

  private init(path: String, fd: Int32, isFIFO: Bool) {
    self.path = path
    self.fd = fd
    self.isFIFO = isFIFO
  }

  deinit { _ = close(fd) }

  /// The script at `path`, opened, or why it cannot be (`cannot read FILE: No such file or directory`).
  public static func open(path: String) -> Result<ScriptStream, ReadError> {
    let fd = path == "-" ? dup(0) : openForReading(path)
    guard fd >= 0 else { return .failure(ReadError(path: path, reason: String(cString: strerror(errno)))) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      let reason = String(cString: strerror(errno))
      _ = close(fd)
      return .failure(ReadError(path: path, reason: reason))
    }
    let isFIFO = st.st_mode & S_IFMT == S_IFIFO
    if path != "-", !isFIFO, let kind = notRegular(st.st_mode) {
      _ = close(fd)
      return .failure(ReadError(path: path, reason: kind))
    }
    return .success(ScriptStream(path: path, fd: fd, isFIFO: isFIFO))
  }

  /// Reads until the end of the script or until more than `limit` bytes wait in memory; true at the end.
  public func readAhead(upTo limit: Int) throws(ReadError) -> Bool {
    while !atEnd && buffer.count - start <= limit { try fill() }
    return atEnd
  }

  /// Every byte not yet handed out, after `readAhead` said the end is read.
  public func remainingBytes() -> [UInt8] { start == 0 ? buffer : Array(buffer[start...]) }

  /// The next line's bytes, without its LF, and its 1-based number; nil after the last. A UTF-8 byte order mark
  /// at the start of the script is dropped.
  public func nextLine() throws(ReadError) -> (number: Int, bytes: ArraySlice<UInt8>)? {
    var searched = start
    while true {
      if let lf = Self.firstLineFeed(in: buffer, from: searched) {
        defer { start = lf + 1 }
        return take(start..<lf)
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        defer { start = buffer.count }
        return take(start..<buffer.count)
      }
      if buffer.count - start > Self.longestLine {
        throw ReadError(path: path, reason: "line \(number) is longer than \(Self.longestLine >> 20) MiB")
      }
      let pending = buffer.count - start
      try fill()
      searched = start + pending
    }
  }

  /// The index of the first LF in `bytes` at or after `start`, found with memchr.
  private static func firstLineFeed(in bytes: [UInt8], from start: Int) -> Int? {
    bytes.withUnsafeBufferPointer { b in
      guard start < b.count, let base = b.baseAddress,
        let found = memchr(base + start, Int32(UInt8(ascii: "\n")), b.count - start)
      else { return nil }
      return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
  }

  /// Line `number`'s bytes, counting it; the first loses a byte order mark.
  private func take(_ range: Range<Int>) -> (number: Int, bytes: ArraySlice<UInt8>) {
    defer { number += 1 }
    let bytes = buffer[range]
    return (number, number == 1 && bytes.starts(with: Parser.byteOrderMark) ? bytes.dropFirst(3) : bytes)
  }

  /// Reads one more block, first dropping the bytes already handed out.
  private func fill() throws(ReadError) {
    if start > 0 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    let old = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: Self.block))
    while true {
      let n = buffer.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress! + old, Self.block) }
      let error = errno
      if n < 0 && error == EINTR { continue }
      if n < 0 && error == EAGAIN {
        // A writer is there but has not written yet: wait for it (or for it to close).
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, -1)
        readAnything = true
        continue
      }
      buffer.removeSubrange((old + max(n, 0))...)
      if n < 0 { throw ReadError(path: path, reason: String(cString: strerror(error))) }
      if n == 0 {
        if !readAnything && isFIFO && path != "-" {
          throw ReadError(path: path, reason: "a FIFO with no writer, or an empty pipe: nothing to read")
        }
        atEnd = true
      }
      readAnything = true
      return
    }
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

/// open(2) without blocking on a FIFO.
private func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }

/// read(2).
private func readBytes(_ fd: Int32, _ to: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, to, count) }
