import GmemKVM
import GmemModel
import GmemScript
import GmemView

// The scan history of a live view (`attach`, `--backend kvm`): every rescan that changed something is kept, and
// `[` and `]` step through them with the map showing the state at that scan; `]` past the newest, or `}`, is live.
extension TUIApp {
  /// What the map shows: the state at the scan being looked at, or the session's state.
  var shownView: any StateView {
    guard let history, history.position != nil else { return session.view }
    return HistoricalStateView(live: session.view, history: history, words: stateWords) ?? session.view
  }

  /// The header's marker for the history, at its end whatever the width: `LIVE`, or `history 3/17 12:04:05.120`
  /// while scrubbing; empty on the model.
  var historyPosition: String {
    guard let history else { return "" }
    guard let position = history.position else { return "LIVE" }
    return "history \(position)/\(history.count) \(WallClock.text(history.time(at: position)))"
  }

  /// Why an operation is refused now: the map shows a past scan, not the state it would act on.
  var scrubbingRefusal: String? {
    guard let position = history?.position else { return nil }
    return "showing history \(position), not the live state: } goes live, then operate"
  }

  /// What `}` says where there is no scan history.
  static let noScanHistory = "} leaves the scan history of attach and --backend kvm; the model has its timeline ([ ])"

  /// The words a page's state is described with in the history: those of `attach --list` when attached, else the
  /// language's, with `uptodate`.
  var stateWords: (PageState) -> [String] {
    if session.view is AttachedGuestMemfd { return AttachedGuestMemfd.words(of:) }
    return { ExpectationCheck.words(of: $0, orphans: 0) + ($0.isUptodate ? ["uptodate"] : []) }
  }

  /// Keeps what the last rescan or operation changed in the history. Live, with `flashing`, its pages flash.
  mutating func recordScan(flashing: Bool) {
    guard let history, let scan = history.record(session.view, at: WallClock.now()) else { return }
    if flashing && history.position == nil {
      state.update(.flash(scan.changes.map(\.pages)))
      flash.start(now: monotonicMilliseconds())
    }
  }

  /// `[` (back), `]` (forward, past the newest live) or `}` (live) on `history`; the status says where it is.
  mutating func scrub(_ history: ScanHistory, _ action: KeyAction) {
    let moved: Bool
    switch action {
    case .timelineBack: moved = history.stepBack()
    case .timelineForward: moved = history.stepForward()
    default: moved = history.goLive()
    }
    flash = Flash()
    if let position = history.position {
      // The pages the scan changed stay marked while it is shown.
      state.update(.flash(position == 0 ? [] : history.scan(position).changes.map(\.pages)))
      state.update(.status(moved ? describe(position, of: history) : "oldest kept: " + memory(history)))
    } else {
      state.update(.flash([]))
      state.update(.status(moved ? "live" : liveStatus(action, history)))
    }
    refreshDerived()
  }

  /// What the scan at `position` changed (its first run, in the words that changed; its time is in the header), or
  /// that it is the oldest state kept.
  private func describe(_ position: Int, of history: ScanHistory) -> String {
    guard position > 0 else { return "the oldest state kept: ] newer, } live" }
    let changes = history.scan(position).changes
    let first = changes[0]
    let (old, new) = (stateWords(first.old), stateWords(first.new))
    let more = changes.count > 1 ? " (+\(changes.count - 1) runs)" : ""
    return "\(first.fileRange) " + old.filter { !new.contains($0) }.joined(separator: " ") + " → "
      + new.filter { !old.contains($0) }.joined(separator: " ") + more
  }

  /// Why a history key did nothing while live.
  private func liveStatus(_ action: KeyAction, _ history: ScanHistory) -> String {
    switch action {
    case .timelineBack where history.byteLimit == 0: "history: off (--history 0 keeps no scan)"
    case .timelineBack where history.count == 0 && history.droppedCount == 0:
      "history: no scan has changed anything yet"
    case .timelineBack: "history: " + memory(history)
    default: "live already: [ steps back through the scans that changed something"
    }
  }

  /// How much of the history is kept: `17 scans in 3K of 16M`, and how many were dropped.
  private func memory(_ history: ScanHistory) -> String {
    let dropped = history.droppedCount > 0 ? ", \(history.droppedCount) dropped" : ""
    let bytes = history.bytes < 1024 ? "\(history.bytes)B" : sizeName(UInt64(history.bytes + 1023) / 1024 * 1024)
    return "\(history.count) scans in \(bytes) of \(sizeName(UInt64(history.byteLimit)))" + dropped
  }
}
