import GmemModel

/// Everything the screen shows that is not the memory state: where the user is, what is open, what happened.
/// A plain value the app owns and mutates; `render` reads it.
public struct ViewState: Equatable, Sendable {
  /// The zoom level the cursor moves at (the focused pane).
  public var zoom: ZoomLevel
  /// The cursor, as a page index into the file.
  public var cursor: Int
  /// The other end of a `v` selection (a page index), or nil when nothing is selected.
  public var selectionAnchor: Int?
  /// The `?` help overlay is open.
  public var showsHelp: Bool
  /// The `:` command line, when open.
  public var prompt: CommandPrompt?
  /// The event log, oldest first; the screen shows the most recent entries, last at the bottom.
  public var log: OperationLog
  /// Pages the last operation changed, drawn in the flash style until the app clears them.
  public var changedPages: [Range<Int>]
  /// The colour scheme (consumed by the terminal layer through `Theme.attributes(for:)`).
  public var theme: Theme
  /// The glyphs the map and the text are drawn with.
  public var glyphs: GlyphSet
  /// A demo caption (`say "..."`), shown under the header.
  public var caption: String?
  /// The command just run (as `gmemviz play` sets it), shown right-aligned in the caption bar, dimmer than the
  /// caption, in every theme; the bar is drawn only while `caption` is set. Nil for none.
  public var captionCommand: String?
  /// True while `gmemviz play` plays a script: the hint bar shows the playback keys.
  public var isPlaying = false
  /// The backend's name for the header: `model` or `kvm`.
  public var backendName: String
  /// A line of the app's own for the header, such as the kernel's capabilities; a narrow header cuts its parts
  /// (` · `-separated) from the end.
  public var headerSummary: String
  /// What the header ends with at any width, cut last: a live view's `LIVE`, or the scan it shows while
  /// scrubbing its history. Empty for none.
  public var headerMarker = ""
  /// A short message for the hint bar's right end (`undone: share 0x1000+0x1000`, `step 3/12`).
  public var status: String?
  /// The faultability index of the current state, computed once per change by the app; nil to let the
  /// renderer measure it.
  public var faultabilityIndex: FaultabilityIndex?
  /// Invariant violations to draw in place (from `InvariantChecker`).
  public var violations: [Violation]

  /// The opening view: folio zoom, cursor on page 0, dark theme, unicode glyphs.
  public init(
    zoom: ZoomLevel = .folio, cursor: Int = 0, selectionAnchor: Int? = nil, showsHelp: Bool = false,
    prompt: CommandPrompt? = nil, log: OperationLog = [], changedPages: [Range<Int>] = [], theme: Theme = .dark,
    glyphs: GlyphSet = .unicode, caption: String? = nil, captionCommand: String? = nil,
    backendName: String = "model", headerSummary: String = "", status: String? = nil,
    faultabilityIndex: FaultabilityIndex? = nil, violations: [Violation] = []
  ) {
    self.zoom = zoom
    self.cursor = cursor
    self.selectionAnchor = selectionAnchor
    self.showsHelp = showsHelp
    self.prompt = prompt
    self.log = log
    self.changedPages = changedPages
    self.theme = theme
    self.glyphs = glyphs
    self.caption = caption
    self.captionCommand = captionCommand
    self.backendName = backendName
    self.headerSummary = headerSummary
    self.status = status
    self.faultabilityIndex = faultabilityIndex
    self.violations = violations
  }

  /// The glyphs drawn: `glyphs`, as tiles when the theme paints map cells as tiles.
  var drawnGlyphs: GlyphSet { theme.tileWidth > 1 ? glyphs.tiled : glyphs }

  /// The pages a key operation acts on, with cells of `pagesPerCell` pages: the selection from its anchor to
  /// the cursor, widened to whole cells, or the cell under the cursor. Clipped to `pageCount`.
  public func targetPages(pagesPerCell: Int, pageCount: Int) -> Range<Int> {
    guard pageCount > 0 else { return 0..<0 }
    let unit = max(1, pagesPerCell)
    let cursor = min(max(self.cursor, 0), pageCount - 1)
    let anchor = selectionAnchor.map { min(max($0, 0), pageCount - 1) } ?? cursor
    let lo = min(anchor, cursor) / unit * unit
    let hi = (max(anchor, cursor) / unit + 1) * unit
    return lo..<min(hi, pageCount)
  }
}
