/// The event log, oldest first: a value that shares one append-only store with its copies, so that the session's
/// log and the screen's copy of it cost one entry per operation, not a copy of the whole log.
///
/// A log sees the first `count` entries of its store. Those entries are never written again: an append writes the
/// store's next free slot when this log sees all of it (the common case: the session appends to the log the screen
/// also holds), and otherwise (the log was cut by undo, or another copy appended first) it moves what it sees to a
/// store of its own first. Cutting the log (`removeLast(_:)`) only lowers `count`; the undone entries stay in the
/// store, where redo's `append` finds them again without a copy.
public struct OperationLog: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
  /// Entries `0..<used` are written and never change; slots up to `capacity` are free.
  private final class Store: @unchecked Sendable {
    let entries: UnsafeMutablePointer<LogEntry>
    let capacity: Int
    var used = 0

    init(capacity: Int) {
      self.capacity = capacity
      entries = .allocate(capacity: capacity)
    }

    deinit {
      entries.deinitialize(count: used)
      entries.deallocate()
    }
  }

  private var store: Store
  /// Entries this log holds.
  public private(set) var count: Int

  /// An empty log.
  public init() {
    store = Store(capacity: 16)
    count = 0
  }

  /// A log of `entries`, in order.
  public init(_ entries: some Sequence<LogEntry>) {
    self.init()
    for e in entries { append(e) }
  }

  public init(arrayLiteral elements: LogEntry...) { self.init(elements) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  public subscript(i: Int) -> LogEntry {
    precondition(i >= 0 && i < count, "log index \(i) out of 0..<\(count)")
    return store.entries[i]
  }

  /// Adds `entry` at the end. O(1), but when this log does not see its whole store, or the store is full: then what
  /// it sees moves to a new store first (amortized O(1) for a log appended to in turn).
  public mutating func append(_ entry: LogEntry) {
    if store.used > count, store.entries[count] == entry {
      // Redo: the entry this log had before it was cut is still there.
      count += 1
      return
    }
    if store.used != count || count == store.capacity {
      let moved = Store(capacity: Swift.max(16, count * 2))
      moved.entries.initialize(from: store.entries, count: count)
      moved.used = count
      store = moved
    }
    (store.entries + count).initialize(to: entry)
    store.used += 1
    count += 1
  }

  /// Adds `entries` at the end, in order.
  public mutating func append(contentsOf entries: some Sequence<LogEntry>) {
    for e in entries { append(e) }
  }

  /// Drops the last `k` entries; O(1).
  public mutating func removeLast(_ k: Int) {
    precondition(k >= 0 && k <= count, "cannot drop \(k) of \(count) log entries")
    count -= k
  }

  /// Equal when they hold equal entries; O(1) for a log and its unchanged copy.
  public static func == (a: OperationLog, b: OperationLog) -> Bool {
    a.count == b.count && (a.store === b.store || a.elementsEqual(b))
  }
}
