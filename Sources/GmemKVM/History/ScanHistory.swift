import GmemModel

/// What changed between the scans of a live view (`attach`, `--backend kvm`), and a way back through it.
///
/// Only changes are kept: each scan that changed something is a `Scan` of runs of pages, old → new. The state of
/// the last scan is kept whole (`latest`), so any earlier one is rebuilt from it by undoing the scans after it.
/// Memory is bounded: past `byteLimit` bytes of scans the oldest are dropped, and the state before the oldest kept
/// is the start of the history from then on.
///
/// The history can be scrubbed (`stepBack()`, `stepForward()`): the state at a scan is then `shown`, while new
/// scans keep being recorded behind it. Positions count from 0, the oldest state kept (the first scan, until
/// scans are dropped), to `count`, the state after the newest scan.
public final class ScanHistory {
  /// The most bytes of scans kept (see `Scan.bytes`): each scan costs about 50 bytes and each changed run 24.
  public let byteLimit: Int
  /// The default `byteLimit`: 16 MiB, some 700,000 changed runs.
  public static let defaultByteLimit = 16 << 20
  /// The state at the last scan recorded.
  public private(set) var latest: PageStore
  /// The scans kept, oldest first, from `scans[head]`.
  private var scans: [Scan] = []
  private var head = 0
  /// The bytes the kept scans cost.
  public private(set) var bytes = 0
  /// Scans dropped to stay within `byteLimit` (or with the file's old size), ever.
  public private(set) var droppedCount = 0
  /// When the oldest state kept was scanned: the first scan, or the newest dropped one.
  public private(set) var startTime: UInt64
  /// The state shown while scrubbing, and its position; nil when live.
  private var scrub: (state: PageStore, position: Int)?

  /// A history that starts from `view`'s state, scanned at `time` (milliseconds since the epoch), and keeps at most
  /// `byteLimit` bytes of changes.
  public init(start view: any StateView, at time: UInt64, byteLimit: Int = ScanHistory.defaultByteLimit) {
    self.byteLimit = max(0, byteLimit)
    latest = Self.store(of: view)
    startTime = time
  }

  /// The scans kept.
  public var count: Int { scans.count - head }

  /// The `index`th scan kept, from 1 (the oldest) to `count`.
  public func scan(_ index: Int) -> Scan { scans[head + index - 1] }

  /// Compares `view` with the last scan and keeps what changed as a scan taken at `time`; nil when nothing did.
  /// A file of another size starts the history again from `view` (nothing to compare page by page).
  @discardableResult
  public func record(_ view: any StateView, at time: UInt64) -> Scan? {
    guard view.pageCount == latest.pageCount else {
      restart(from: view, at: time)
      return nil
    }
    let changes = Self.changes(from: latest, to: view)
    guard !changes.isEmpty else { return nil }
    for change in changes { latest.modify(change.pages) { $0 = change.new } }
    let scan = Scan(time: time, changes: changes)
    scans.append(scan)
    bytes += scan.bytes
    while bytes > byteLimit && count > 0 { dropOldest() }
    return scan
  }

  /// The runs of pages whose state differs between `old` and `view`, in file order, each as long as it can be.
  public static func changes(from old: PageStore, to view: any StateView) -> [PageRunChange] {
    var changes: [PageRunChange] = []
    view.forEachRun(in: 0..<min(view.pageCount, old.pageCount)) { range, new in
      old.forEachRun(in: range) { pages, before in
        guard before != new else { return }
        if let last = changes.last, last.pages.upperBound == pages.lowerBound, last.old == before, last.new == new {
          changes[changes.count - 1].pages = last.pages.lowerBound..<pages.upperBound
        } else {
          changes.append(PageRunChange(pages: pages, old: before, new: new))
        }
      }
    }
    return changes
  }

  // MARK: - Scrubbing

  /// The position shown, from 0 to `count`; nil when live.
  public var position: Int? { scrub?.position }
  /// The state at `position`, while scrubbing.
  public var shown: PageStore? { scrub?.state }

  /// When the state at `position` was scanned.
  public func time(at position: Int) -> UInt64 { position == 0 ? startTime : scan(position).time }

  /// One scan back: from live to the newest scan (the state now, with what that scan changed), then to older ones.
  /// False at the oldest state kept (or with nothing kept).
  @discardableResult
  public func stepBack() -> Bool {
    guard var scrub else {
      guard count > 0 else { return false }
      scrub = (latest.copy(), count)
      return true
    }
    guard scrub.position > 0 else { return false }
    for change in scan(scrub.position).changes { scrub.state.modify(change.pages) { $0 = change.old } }
    scrub.position -= 1
    self.scrub = scrub
    return true
  }

  /// One scan forward; past the newest, live again. False when live already.
  @discardableResult
  public func stepForward() -> Bool {
    guard var scrub else { return false }
    guard scrub.position < count else {
      self.scrub = nil
      return true
    }
    scrub.position += 1
    for change in scan(scrub.position).changes { scrub.state.modify(change.pages) { $0 = change.new } }
    self.scrub = scrub
    return true
  }

  /// Live again: the shown state follows the scans. False when live already.
  @discardableResult
  public func goLive() -> Bool {
    defer { scrub = nil }
    return scrub != nil
  }

  // MARK: - Memory

  /// Drops the oldest scan; a scrub at the state before it moves to the state after it (the new start).
  private func dropOldest() {
    let oldest = scan(1)
    if var scrub {
      if scrub.position == 0 {
        for change in oldest.changes { scrub.state.modify(change.pages) { $0 = change.new } }
      } else {
        scrub.position -= 1
      }
      self.scrub = scrub
    }
    bytes -= oldest.bytes
    startTime = oldest.time
    droppedCount += 1
    head += 1
    if head >= 1024 && head * 2 >= scans.count {
      scans.removeFirst(head)
      head = 0
    }
  }

  /// Forgets every scan and starts again from `view` at `time`.
  private func restart(from view: any StateView, at time: UInt64) {
    droppedCount += count
    scans = []
    head = 0
    bytes = 0
    scrub = nil
    latest = Self.store(of: view)
    startTime = time
  }

  /// A copy of `view`'s pages.
  private static func store(of view: any StateView) -> PageStore {
    let store = PageStore(pageCount: view.pageCount, state: .hole(private: false, faultable: false))
    view.forEachRun(in: 0..<view.pageCount) { range, state in store.modify(range) { $0 = state } }
    return store
  }
}
