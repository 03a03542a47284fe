// How the map column's rows are shared among the panes, title rows included.
extension ViewLayout {
  /// Rows per pane with glyph cells: the focused pane first, then a row of each other pane (the file pane's
  /// single row carries its title), then the other panes in full while the info area keeps `infoTarget` rows.
  /// `full(zoom, capacityRows)` is a pane's rows of cells when shown in full (the file pane's cells grow to fit
  /// `capacityRows`).
  static func paneRows(
    zoom: ZoomLevel, height: Int, infoTarget: Int, full: (ZoomLevel, Int) -> Int
  ) -> [ZoomLevel: Int] {
    var rows: [ZoomLevel: Int] = [:]
    var left = height
    let focusBudget = max(2, left - infoTarget)
    rows[zoom] = min(1 + full(zoom, focusBudget - 1), max(2, min(left, focusBudget)))
    left -= rows[zoom]!
    let others = ZoomLevel.allCases.filter { $0 != zoom }
    for z in others {
      let compact = z == .file ? 1 : 2
      if left - compact >= infoTarget {
        rows[z] = compact
        left -= compact
      }
    }
    for z in others where rows[z] != nil {
      let cellRows = full(z, z == .file ? max(1, left - infoTarget + 1) : .max)
      let want = z == .file && cellRows == 1 ? 1 : 1 + cellRows
      let extra = want - rows[z]!
      if extra > 0 && left - extra >= infoTarget {
        rows[z] = want
        left -= extra
      }
    }
    return rows
  }

  /// Rows per pane with tile cells (the presentation theme), whose panes need twice the rows of glyph panes: each
  /// pane gets its title and a row of cells (the focused pane first, the others while `infoTarget` rows are
  /// left), a focused file pane its cells in a third of the rest; the folio and block panes then share what is
  /// left evenly, in a power of two rows each so that a pane pages through its rows without overlap (8 of 16:
  /// half a folio or block); then each of them, the focused one first, doubles its share while the rest allows.
  static func tiledPaneRows(
    zoom: ZoomLevel, height: Int, infoTarget: Int, full: (ZoomLevel, Int) -> Int
  ) -> [ZoomLevel: Int] {
    var rows: [ZoomLevel: Int] = [zoom: 2]
    var left = height - 2
    for z in ZoomLevel.allCases where z != zoom {
      let minimum = z == .file ? 1 : 2
      if left - minimum >= infoTarget {
        rows[z] = minimum
        left -= minimum
      }
    }
    if zoom == .file {
      let extra = min(full(.file, max(1, (left - infoTarget) / 3 + 1)) - 1, max(0, left - infoTarget))
      rows[.file]! += extra
      left -= extra
    }
    let panes = ([zoom] + ZoomLevel.allCases.filter { $0 != zoom }).filter { $0 != .file && rows[$0] != nil }
    let fulls = panes.map { full($0, .max) }
    let room = left - infoTarget + panes.count
    func total(_ share: Int) -> Int { fulls.reduce(0) { $0 + min(share, $1) } }
    var share = 1
    while fulls.contains(where: { $0 > share }) && total(2 * share) <= room { share *= 2 }
    var cellRows = fulls.map { min(share, $0) }
    var spare = room - cellRows.reduce(0, +)
    for i in panes.indices {
      while cellRows[i] < fulls[i] && min(2 * cellRows[i], fulls[i]) - cellRows[i] <= spare {
        let grown = min(2 * cellRows[i], fulls[i])
        spare -= grown - cellRows[i]
        cellRows[i] = grown
      }
    }
    for (i, z) in panes.enumerated() { rows[z] = 1 + cellRows[i] }
    return rows
  }
}
