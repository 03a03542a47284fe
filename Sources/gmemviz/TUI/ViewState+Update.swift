import GmemView

extension ViewState {
  /// Makes `change` (see `ViewChange`): the one place the map's view changes, but for the `:` line's text, which
  /// `PromptWidget` edits in place so that a key does not copy the line.
  mutating func update(_ change: ViewChange) {
    switch change {
    case .look(let action, let grid, let lastPage): look(action, grid: grid, lastPage: lastPage)
    case .click(let page, let zoom):
      if let zoom { self.zoom = zoom }
      cursor = page
    case .status(let text): status = text
    case .caption(let text): caption = text
    case .prompt(let prompt): self.prompt = prompt
    case .flash(let pages): changedPages = pages
    case .deselect: selectionAnchor = nil
    case .operation(let text, let result, let pages):
      changedPages = pages
      status = "\(text) → \(result.outcome.text)" + (result.detail.map { ": \($0)" } ?? "")
    case .derived(let log, let faultability, let violations, let pageCount):
      self.log = log
      faultabilityIndex = faultability
      self.violations = violations
      cursor = min(cursor, max(0, pageCount - 1))
    case .header(let summary, let marker, let isPlaying):
      headerSummary = summary
      headerMarker = marker
      self.isPlaying = isPlaying
    case .played(let played, let player): follow(played, of: player)
    case .position(let player): showPosition(of: player)
    }
  }

  /// True when `action` only changes how the map is looked at (see `ViewChange.look`).
  static func looks(_ action: KeyAction) -> Bool {
    switch action {
    case .moveLeft, .moveRight, .moveUp, .moveDown, .pageUp, .pageDown, .first, .last, .zoomIn, .zoomOut, .select,
      .cancel, .help, .cycleTheme:
      true
    default: false
    }
  }

  private mutating func look(_ action: KeyAction, grid: MapGrid?, lastPage: Int) {
    switch action {
    case .moveLeft: cursor = grid?.moved(cursor, columns: -1) ?? cursor
    case .moveRight: cursor = grid?.moved(cursor, columns: 1) ?? cursor
    case .moveUp: cursor = grid?.moved(cursor, rows: -1) ?? cursor
    case .moveDown: cursor = grid?.moved(cursor, rows: 1) ?? cursor
    case .pageUp: cursor = grid?.movedByScreen(cursor, screens: -1) ?? cursor
    case .pageDown: cursor = grid?.movedByScreen(cursor, screens: 1) ?? cursor
    case .first: cursor = 0
    case .last: cursor = lastPage
    case .zoomIn: zoom = zoom.zoomedIn
    case .zoomOut: zoom = zoom.zoomedOut
    case .select: selectionAnchor = selectionAnchor == nil ? cursor : nil
    case .cancel:
      showsHelp = false
      selectionAnchor = nil
    case .help: showsHelp.toggle()
    case .cycleTheme:
      theme = theme.next
      status = "theme: \(theme.rawValue)"
    default: break
    }
  }
}
