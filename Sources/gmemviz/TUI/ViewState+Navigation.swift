import GmemView

extension ViewState {
  /// Does `action` if it only changes how the map is looked at (move, zoom, select, cancel, help, theme), moving
  /// on `grid` up to page `lastPage`; false for any other action, which changes nothing here.
  mutating func navigate(_ action: KeyAction, grid: MapGrid?, lastPage: Int) -> Bool {
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
    default: return false
    }
    return true
  }
}
