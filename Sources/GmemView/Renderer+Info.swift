import GmemModel

// The info area: invariant violations, the inspector, the counters and the event log, sized to the space.
extension Renderer {
  /// `text` as a styled line, as the glyph set can show it.
  func styled(_ parts: (String, Style)...) -> StyledLine {
    var line = StyledLine()
    for (t, s) in parts { line.append(glyphs.display(t), s) }
    return line
  }

  /// Draws `line` at (`x`, `y`), cut to `width` columns.
  mutating func draw(_ line: StyledLine, x: Int, y: Int, width: Int) {
    let shown = line.truncated(width, ellipsis: glyphs.ellipsis)
    for (i, s) in shown.scalars.enumerated() where x + i < screen.width {
      screen[x + i, y] = Cell(Character(s), shown.styles[i])
    }
  }

  /// Picks lines by priority (lower first) to fill `height` rows, wrapping each to `width` (or cutting it when
  /// its wrap does not fit), and returns them in their original order.
  func fit(_ lines: [(line: StyledLine, priority: Int)], width: Int, height: Int, indent: Int) -> [StyledLine] {
    fitIndexed(lines, width: width, height: height, indent: indent).flatMap(\.rows)
  }

  /// `fit`, keeping which line each group of rows came from.
  func fitIndexed(
    _ lines: [(line: StyledLine, priority: Int)], width: Int, height: Int, indent: Int
  ) -> [(index: Int, rows: [StyledLine])] {
    var chosen: [Int: [StyledLine]] = [:]
    var left = height
    let order = lines.indices.sorted { (lines[$0].priority, $0) < (lines[$1].priority, $1) }
    for i in order where left > 0 {
      let wrapped = lines[i].line.wrapped(width, indent: indent)
      if wrapped.count <= left {
        chosen[i] = wrapped
        left -= wrapped.count
      } else {
        var cut = Array(wrapped.prefix(left))
        cut[left - 1] = cut[left - 1].markedCut(width, ellipsis: glyphs.ellipsis, style: .dim)
        chosen[i] = cut
        left = 0
      }
    }
    return lines.indices.compactMap { i in chosen[i].map { (i, $0) } }
  }

  mutating func drawInfo() {
    var area = layout.info
    guard !area.isEmpty else { return }
    let separate = !layout.sideInfo.isEmpty
    let beside = layout.divider != nil && !separate
    let x = area.x + (beside ? 1 : 0)
    let width = area.width - (beside ? 1 : 0)
    guard width > 4 else { return }

    if !state.violations.isEmpty {
      let shown = min(state.violations.count, max(1, area.height / 4))
      for (i, v) in state.violations.prefix(shown).enumerated() {
        let more =
          i == shown - 1 && state.violations.count > shown ? " (+\(state.violations.count - shown) more)" : ""
        draw(
          styled(("\(glyphs.violation) INVARIANT: \(v.description)\(more)", .violation)), x: x, y: area.y + i,
          width: width)
      }
      area = area.splitTop(shown).rest
    }

    let h = area.height
    let inspector = inspectorLines()
    let counters = counterGroups()
    let inspectorNatural = 1 + inspector.reduce(0) { $0 + $1.line.wrapped(width - 1, indent: 8).count }
    let countersNatural = 1 + counterTallLines(counters, width: width - 1, height: .max).count

    if separate {
      // The inspector takes the full width under the maps; the counters join it when they fit there whole,
      // else they go beside the maps above the log.
      let inspectorHeight = min(inspectorNatural, h)
      drawInspector(inspector, in: Rect(x: x, y: area.y, width: width, height: inspectorHeight))
      let left = area.splitTop(inspectorHeight).rest
      let side = layout.sideInfo
      let sideRect = Rect(x: side.x + 1, y: side.y, width: side.width - 1, height: side.height)
      if left.height >= countersNatural {
        drawCounters(counters, in: Rect(x: x, y: left.y, width: width, height: countersNatural))
        drawLog(in: sideRect, ruled: true)
      } else {
        drawCountersAndLog(in: sideRect)
      }
      return
    }

    guard h > 0 else { return }
    if state.theme.tileWidth > 1 && h > 1 && h < 6 {
      // Tiles are for a stage, where the log matters less: a short inspector under its title.
      drawInspector(inspector, in: Rect(x: x, y: area.y, width: width, height: h))
      return
    }
    if h < 4 {
      // Too little room for sections: the page and its state words, then what blocks it.
      var head = styled(("\(hex(Geometry.offset(ofPage: layout.cursor))) ", .dim))
      head.append(inspector[0].line)
      let rest = inspector.dropFirst().filter { $0.priority == 1 }.map { ($0.line, $0.priority) }
      for (i, line) in fit([(head, 0)] + rest, width: width, height: h, indent: 4).enumerated() {
        draw(line, x: x, y: area.y + i, width: width)
      }
      return
    }
    let roomy = h >= 14
    let inspectorHeight: Int
    let countersHeight: Int
    if roomy {
      inspectorHeight = min(inspectorNatural, max(5, h * 2 / 5))
      countersHeight = min(countersNatural, 7)
    } else {
      inspectorHeight = min(inspectorNatural, max(2, h - 3), h)
      countersHeight = h - inspectorHeight >= 3 ? 1 : 0
    }
    drawInspector(inspector, in: Rect(x: x, y: area.y, width: width, height: inspectorHeight))
    var y = area.y + inspectorHeight
    drawCounters(counters, in: Rect(x: x, y: y, width: width, height: countersHeight))
    y += countersHeight
    let logHeight = area.maxY - y
    if logHeight > 0 {
      drawLog(in: Rect(x: x, y: y, width: width, height: logHeight), ruled: roomy || logHeight >= 4)
    }
  }

  /// The inspector under its titled rule.
  private mutating func drawInspector(_ lines: [(line: StyledLine, priority: Int)], in rect: Rect) {
    guard rect.height > 0 else { return }
    rule(x: rect.x, y: rect.y, width: rect.width, title: inspectorTitle(), style: .border, titleStyle: .title)
    for (i, line) in inspectorRows(lines, width: rect.width - 1, height: rect.height - 1).enumerated() {
      draw(line, x: rect.x + 1, y: rect.y + 1 + i, width: rect.width - 1)
    }
  }

  /// The counters: under a titled rule when there are rows for it, else the most important on one row.
  private mutating func drawCounters(_ groups: [[CounterItem]], in rect: Rect) {
    if rect.height > 1 {
      rule(x: rect.x, y: rect.y, width: rect.width, title: "counters", style: .border, titleStyle: .title)
      for (i, line) in counterTallLines(groups, width: rect.width - 1, height: rect.height - 1).enumerated() {
        draw(line, x: rect.x + 1, y: rect.y + 1 + i, width: rect.width - 1)
      }
    } else if rect.height == 1 {
      draw(counterCompactLine(groups, width: rect.width - 1), x: rect.x + 1, y: rect.y, width: rect.width - 1)
    }
  }

  /// The counters over the log.
  private mutating func drawCountersAndLog(in rect: Rect) {
    let counters = counterGroups()
    let natural = 1 + counterTallLines(counters, width: rect.width - 1, height: .max).count
    let height = rect.height >= 12 ? min(natural, rect.height / 2) : min(1, max(0, rect.height - 3))
    drawCounters(counters, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: height))
    let rest = rect.splitTop(max(0, height)).rest
    drawLog(in: rest, ruled: rest.height >= 4)
  }

  /// The log in `rect`, under a titled rule when `ruled`.
  private mutating func drawLog(in rect: Rect, ruled: Bool) {
    var y = rect.y
    var rows = rect.height
    if ruled && rows > 1 {
      rule(x: rect.x, y: y, width: rect.width, title: logTitle(), style: .border, titleStyle: .title)
      y += 1
      rows -= 1
    }
    for (i, line) in logLines(width: rect.width - 1, height: rows).enumerated() {
      draw(line, x: rect.x + 1, y: y + i, width: rect.width - 1)
    }
  }
}
