import GmemModel

// The `?` overlay: every key of `KeyHelp`. Wide terminals get a line per key with its full description, by
// group, in columns; narrower ones a grid of keys and short labels, a row of groups each.
extension Renderer {
  mutating func drawHelp() {
    // The box stays between the header and the legend, which are always on screen.
    let area = Rect(
      x: 0, y: layout.header.maxY, width: screen.width, height: max(4, layout.legend.y - layout.header.maxY))
    let maxWidth = screen.width - 2
    let maxRows = area.height - 3
    let groups = fullHelp()
    let fullWidth = groups.flatMap { $0 }.map(\.count).max() ?? 20
    var columns: [[StyledLine]] = []
    for n in [3, 2, 1] where n * (fullWidth + 2) + 2 <= maxWidth {
      let split = Self.columns(groups, count: n)
      if split.map(\.count).max() ?? 0 <= maxRows {
        columns = split
        break
      }
    }
    var columnWidth = fullWidth
    if columns.isEmpty {
      columns = [compactHelp(width: min(maxWidth - 4, 76))]
      columnWidth = columns[0].map(\.count).max() ?? 20
    }
    let bodyRows = min(columns.map(\.count).max() ?? 1, max(1, maxRows))
    let long = "operations act on the cursor's cell or the v selection · a click moves the cursor · ? or Esc closes"
    let short = "operations act on the cell or the v selection · ? or Esc closes"
    let footer = styled((long.count + 4 <= maxWidth ? long : short, .dim))
    let boxWidth = min(maxWidth, max(columns.count * (columnWidth + 2) + 2, min(footer.count + 4, maxWidth)))
    let spacer = bodyRows + 4 <= area.height ? 1 : 0
    let boxHeight = bodyRows + 3 + spacer
    let box = Rect(
      x: (screen.width - boxWidth) / 2, y: area.y + max(0, (area.height - boxHeight) / 2), width: boxWidth,
      height: boxHeight)
    screen.fill(box, with: Cell(" ", .text))
    frame(box)
    let title = glyphs.display(" gmemviz keys ")
    text(title, x: box.x + (box.width - TextColumns.columns(title)) / 2, y: box.y, style: .title)
    for (c, column) in columns.enumerated() {
      let x = box.x + 2 + c * (columnWidth + 2)
      for (i, line) in column.prefix(bodyRows).enumerated() {
        let cut = i == bodyRows - 1 && column.count > bodyRows
        let shown =
          cut ? styled(("\(glyphs.ellipsis) \(column.count - i) more rows: enlarge the terminal", .dim)) : line
        draw(shown, x: x, y: box.y + 1 + i, width: min(columnWidth, box.maxX - 2 - x))
      }
    }
    draw(footer, x: box.x + 2, y: box.maxY - 2, width: box.width - 4)
  }

  /// `groups` in `count` columns, breaking only between groups, with the tallest column as short as it can be.
  private static func columns(_ groups: [[StyledLine]], count: Int) -> [[StyledLine]] {
    func height(_ range: Range<Int>) -> Int {
      range.isEmpty ? 0 : groups[range].reduce(0) { $0 + $1.count } + range.count - 1
    }
    let n = groups.count
    var best: [Int] = []
    var bestHeight = Int.max
    // Cut points c1 <= c2 split the groups into up to three runs.
    for c1 in 0...n {
      for c2 in c1...n where count >= 3 || c2 == n {
        if count == 1 && c1 != n { continue }
        let h = max(height(0..<c1), height(c1..<c2), height(c2..<n))
        if h < bestHeight {
          bestHeight = h
          best = [c1, c2]
        }
      }
    }
    let bounds = [0] + best + [n]
    var out: [[StyledLine]] = []
    for i in 0..<(bounds.count - 1) where bounds[i] < bounds[i + 1] {
      var column: [StyledLine] = []
      for g in groups[bounds[i]..<bounds[i + 1]] {
        if !column.isEmpty { column.append(StyledLine()) }
        column += g
      }
      out.append(column)
    }
    return out
  }

  /// Per group: its title, then a line per key with its keys and full description.
  private func fullHelp() -> [[StyledLine]] {
    let labels = KeyHelp.bindings.map(\.keyLabel) + (state.isPlaying ? KeyHelp.playHelp.map(\.keys) : [])
    let keyWidth = labels.map { TextColumns.columns(glyphs.display($0)) }.max() ?? 8
    var groups: [[StyledLine]] = []
    if state.isPlaying {
      var lines = [styled(("Playback", .title))]
      for (keys, help) in KeyHelp.playHelp {
        let shown = glyphs.display(keys)
        let pad = String(repeating: " ", count: max(0, keyWidth - TextColumns.columns(shown)))
        lines.append(styled(("  " + shown + pad + "  ", .key), (help, .text)))
      }
      groups.append(lines)
    }
    for group in visibleGroups {
      let bindings = KeyHelp.bindings.filter { $0.group == group }
      guard !bindings.isEmpty else { continue }
      var lines = [styled((group.rawValue, .title))]
      for b in bindings {
        let keys = glyphs.display(b.keyLabel)
        let pad = String(repeating: " ", count: max(0, keyWidth - TextColumns.columns(keys)))
        lines.append(styled(("  " + keys + pad + "  ", .key), (b.help, .text)))
      }
      groups.append(lines)
    }
    return groups
  }

  /// Rows of `group  keys label  keys label ...`, each group's keys flowed over as many rows as it needs.
  private func compactHelp(width: Int) -> [StyledLine] {
    let nameWidth = KeyGroup.allCases.map(\.name.count).max() ?? 8
    let items = KeyHelp.bindings.map { b in
      (group: b.group, keys: glyphs.display(b.keyLabel), label: b.label)
    }
    let itemWidth = items.map { TextColumns.columns($0.keys) + 1 + $0.label.count }.max() ?? 16
    let perRow = max(1, (width - nameWidth - 1) / (itemWidth + 2))
    var lines: [StyledLine] = []
    if state.isPlaying {
      for (i, (keys, help)) in KeyHelp.playHelp.enumerated() {
        let name = i == 0 ? "Playback" : ""
        var line = styled((name + String(repeating: " ", count: max(1, nameWidth + 1 - name.count)), .title))
        line.append(styled((glyphs.display(keys), .key), (" " + help, .text)))
        lines.append(line)
      }
    }
    for group in visibleGroups {
      let mine = items.filter { $0.group == group }
      for start in stride(from: 0, to: mine.count, by: perRow) {
        let name = start == 0 ? group.name : ""
        var line = styled((name + String(repeating: " ", count: nameWidth + 1 - name.count), .title))
        for item in mine[start..<min(start + perRow, mine.count)] {
          let w = TextColumns.columns(item.keys) + 1 + item.label.count
          line.append(styled((item.keys, .key), (" " + item.label, .text)))
          line.append(styled((String(repeating: " ", count: itemWidth + 2 - w), .text)))
        }
        lines.append(line)
      }
    }
    return lines
  }

  /// The key groups that apply: while a script plays, the playback keys (which include moving and zooming) and
  /// the view's; operations wait for its end.
  private var visibleGroups: [KeyGroup] { state.isPlaying ? [.view] : KeyGroup.allCases }

  /// A frame of rules around `box`.
  private mutating func frame(_ box: Rect) {
    let h = Cell(glyphs.rule, .border)
    let v = Cell(glyphs.verticalRule, .border)
    for x in box.x..<box.maxX {
      screen[x, box.y] = h
      screen[x, box.maxY - 1] = h
    }
    for y in box.y..<box.maxY {
      screen[box.x, y] = v
      screen[box.maxX - 1, y] = v
    }
    let corners: (Character, Character, Character, Character) =
      glyphs.isASCII ? ("+", "+", "+", "+") : ("┌", "┐", "└", "┘")
    screen[box.x, box.y] = Cell(corners.0, .border)
    screen[box.maxX - 1, box.y] = Cell(corners.1, .border)
    screen[box.x, box.maxY - 1] = Cell(corners.2, .border)
    screen[box.maxX - 1, box.maxY - 1] = Cell(corners.3, .border)
  }
}
