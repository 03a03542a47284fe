import GmemModel
import GmemView

/// What can change what the map shows. `ViewState.update(_:)` is the one place each takes effect; the session
/// owns the backend's state and history, the view state only what is on screen.
enum ViewChange {
  /// A key that only changes how the map is looked at (move, zoom, select, cancel, help, theme), moving on `grid`
  /// up to page `lastPage`.
  case look(KeyAction, grid: MapGrid?, lastPage: Int)
  /// A click on `page`, in the pane of `zoom` when it is a map pane.
  case click(page: Int, zoom: ZoomLevel?)
  /// The message at the hint bar's right end; nil clears it.
  case status(String?)
  /// The caption under the header; nil clears it.
  case caption(String?)
  /// The `:` line opened, or closed (nil).
  case prompt(CommandPrompt?)
  /// These pages flash; none when empty.
  case flash([Range<Int>])
  /// The `v` selection is dropped.
  case deselect
  /// An operation written `text` ended with `result`: `pages` flash and the outcome is the status.
  case operation(text: String, result: OperationResult, pages: [Range<Int>])
  /// The state changed: what is derived from it once per change rather than once per frame.
  case derived(log: OperationLog, faultability: FaultabilityIndex, violations: [Violation], pageCount: Int)
  /// The header's summary, its marker (see `ViewState.headerMarker`), and whether a script plays (the hint bar
  /// shows the playback keys).
  case header(String, marker: String, isPlaying: Bool)
  /// A played script's line did `played` (see `follow(_:of:)`).
  case played(ScriptPlayer.Played, of: ScriptPlayer)
  /// A played script stands where `player` is (see `showPosition(of:)`).
  case position(of: ScriptPlayer)
}
