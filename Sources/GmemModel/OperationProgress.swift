/// How far a long operation on a real backend has got: allocating or populating gigabytes takes seconds.
public struct OperationProgress: Equatable, Sendable {
  /// The call being made, in the kernel's words (e.g. `fallocate(KEEP_SIZE)`, `MADV_POPULATE_WRITE`).
  public var call: String
  /// Bytes done so far.
  public var done: UInt64
  /// Bytes in the whole operation.
  public var total: UInt64

  /// Progress of `call`: `done` of `total` bytes.
  public init(call: String, done: UInt64, total: UInt64) {
    self.call = call
    self.done = done
    self.total = total
  }

  /// Percent done, 0...100.
  public var percent: Int { total == 0 ? 100 : Int(Double(done) / Double(total) * 100) }

  /// One line, e.g. `fallocate(KEEP_SIZE): 3.0 GiB of 16.0 GiB (18%)`.
  public var text: String { "\(call): \(Self.amount(done)) of \(Self.amount(total)) (\(percent)%)" }

  /// Bytes in GiB or MiB with one decimal.
  static func amount(_ bytes: UInt64) -> String {
    let (unit, name): (UInt64, String) = bytes >= 1 << 30 ? (1 << 30, "GiB") : (1 << 20, "MiB")
    let tenths = bytes / (unit / 10)
    return "\(tenths / 10).\(tenths % 10) \(name)"
  }
}

/// A backend whose long operations report their progress between chunks, and can be stopped there.
public protocol ReportsProgress: AnyObject {
  /// Called between chunks of a long operation; returning false stops it there, and it fails with EINTR after
  /// what was done (which stays done: the kernel's work is not rolled back).
  var onProgress: ((OperationProgress) -> Bool)? { get set }
  /// True when the last operation was stopped through `onProgress` (it ended with EINTR at the offset reached): a
  /// session saved as a script writes it as a comment, since its line replayed would do the whole of it.
  var wasStopped: Bool { get }
}
