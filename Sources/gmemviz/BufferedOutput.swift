#if canImport(Glibc)
  import Glibc
#endif

/// Standard output for `gmemviz run`, which prints a line per command and may print a million: the lines gather
/// in memory and go out in one write(2) at most `interval` milliseconds after the last one went out, when 64 KiB
/// wait, and whenever the caller flushes (before a long operation reports progress, before a line on standard
/// error, at the end, when a signal stops the run). A reader on a pipe sees the lines come a few milliseconds apart,
/// a signal loses nothing that finished, and a failed write is still an error (``failure``), never lost.
final class BufferedOutput {
  /// Bytes not yet written. (Used from one thread: no access checks.)
  @exclusivity(unchecked) private var pending: [UInt8] = []
  /// When the last write went out (CLOCK_MONOTONIC_COARSE, milliseconds).
  @exclusivity(unchecked) private var lastWritten = 0
  /// The first write that failed; nothing more is written after it.
  private(set) var failure: WriteError?

  /// Milliseconds a line waits at most, while the run goes on, before it is written.
  static let interval = 5
  /// Bytes that are written at once, whatever the clock says.
  static let capacity = 1 << 16

  init() {
    pending.reserveCapacity(Self.capacity + 4096)
    lastWritten = Self.now()
  }

  /// Adds the bytes `append` appends to the buffer, then writes what waits when it is due.
  func add(_ append: (inout [UInt8]) -> Void) {
    guard failure == nil else { return }
    append(&pending)
    flushIfDue()
  }

  /// Adds `text` and a newline.
  func line(_ text: String) {
    add {
      $0.append(contentsOf: text.utf8)
      $0.append(UInt8(ascii: "\n"))
    }
  }

  /// Writes what waits when 64 KiB wait or `interval` ms have passed since the last write.
  func flushIfDue() {
    guard !pending.isEmpty else { return }
    if pending.count >= Self.capacity || Self.now() - lastWritten >= Self.interval { flush() }
  }

  /// Writes everything that waits.
  func flush() {
    lastWritten = Self.now()
    guard !pending.isEmpty, failure == nil else { return }
    let failed = pending.withUnsafeBytes { WriteError.writeAll($0, to: STDOUT_FILENO) }
    pending.removeAll(keepingCapacity: true)
    if let failed { failure = WriteError(target: "standard output", errno: failed) }
  }

  /// Milliseconds on CLOCK_MONOTONIC_COARSE: a few nanoseconds to read, precise to a few milliseconds.
  private static func now() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }
}
