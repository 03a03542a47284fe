import GmemModel

/// The state of a live view at a scan of its history, for the map while `[` and `]` scrub: the pages as they were
/// then, and everything else (the file, its flags, the memslots) as the live view has it now.
public final class HistoricalStateView: ScannedPagesView {
  /// The live view the history was recorded from.
  public let live: any StateView
  /// The history, positioned at the scan shown.
  public let history: ScanHistory
  /// The pages at that scan.
  public let scannedPages: PageStore
  /// The words a page's state is described by in `explain` (the live view's vocabulary).
  private let words: (PageState) -> [String]

  /// The state at `history`'s position (nil when it is live), over `live`, with states described by `words`.
  public init?(live: any StateView, history: ScanHistory, words: @escaping (PageState) -> [String]) {
    guard let store = history.shown else { return nil }
    self.live = live
    self.history = history
    scannedPages = store
    self.words = words
  }

  public var profile: Profile { live.profile }
  public var vmType: VMType? { live.vmType }
  public var fileSize: UInt64 { live.fileSize }
  public var backing: Backing? { live.backing }

  /// A page counter at the scan; any other counter as the live view has it.
  public func counter(_ name: CounterName) -> UInt64 {
    scannedPages.totals.value(of: name).map { UInt64(max($0, 0)) } ?? live.counter(name)
  }

  public var flags: GmemFlags? { live.flags }
  public var isOpen: Bool { live.isOpen }
  public var memslots: [Memslot] { live.memslots }
  public var mappingProcesses: [Int] { live.mappingProcesses }
  public var poolBacking: Backing { live.poolBacking }
  public var vmemmapRestoredBytes: UInt64 { live.vmemmapRestoredBytes }
  public func splitFolios(in range: Range<Int>) -> Int { 0 }
  public var isReadFromKernel: Bool { true }

  /// Page `p` at the scan: when that was, the page's last change up to it and its next one after, and its state
  /// now.
  public func explain(page p: Int) -> [String] {
    guard let state = page(p), let position = history.position else { return ["page \(p) is outside the file"] }
    let offset = hex(Geometry.offset(ofPage: p))
    var lines = [
      "history \(position)/\(history.count): page \(offset) as scanned at "
        + WallClock.text(history.time(at: position)) + " (] newer, } live)"
    ]
    if let (scan, change) = lastChange(of: p, through: position) {
      lines.append("changed at \(WallClock.text(scan.time)): " + transition(change))
    } else {
      lines.append("unchanged since \(WallClock.text(history.startTime)), the oldest scan kept")
    }
    if let (scan, change) = nextChange(of: p, after: position) {
      lines.append("next change at \(WallClock.text(scan.time)): " + transition(change))
    }
    if let now = live.page(p), now != state { lines.append("now: " + words(now).joined(separator: " ")) }
    return lines
  }

  private func transition(_ change: PageRunChange) -> String {
    words(change.old).joined(separator: " ") + " → " + words(change.new).joined(separator: " ")
  }

  private func lastChange(of p: Int, through position: Int) -> (Scan, PageRunChange)? {
    for index in stride(from: position, to: 0, by: -1) {
      let scan = history.scan(index)
      if let change = scan.change(of: p) { return (scan, change) }
    }
    return nil
  }

  private func nextChange(of p: Int, after position: Int) -> (Scan, PageRunChange)? {
    for index in stride(from: position + 1, through: history.count, by: 1) {
      let scan = history.scan(index)
      if let change = scan.change(of: p) { return (scan, change) }
    }
    return nil
  }
}
