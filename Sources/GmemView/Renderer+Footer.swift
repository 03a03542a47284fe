import GmemModel

// The legend, the hint bar and the `:` command line with its error in place.
extension Renderer {
  mutating func drawLegend() {
    let r = layout.legend
    let tile = state.theme.tileWidth
    for (i, row) in layout.legendRows.enumerated() {
      var x = r.x
      for (j, item) in row.enumerated() {
        if j > 0 { x += Legend.gap(short: layout.legendIsShort, tileWidth: tile) }
        for cell in item.samples {
          // A sample as the map draws it: a glyph, or a tile of `tile` columns.
          screen[x, r.y + i] = cell
          for dx in 1..<tile { screen[x + dx, r.y + i] = Cell(" ", cell.style) }
          x += tile
        }
        x = text(" " + (layout.legendIsShort ? item.shortLabel : item.label), x: x, y: r.y + i, style: .legend)
      }
    }
  }

  mutating func drawBottom() {
    if let prompt = state.prompt {
      drawPrompt(prompt)
    } else {
      drawHints()
    }
  }

  private mutating func drawHints() {
    let r = layout.hintBar
    screen.fill(r, with: Cell(" ", .hint))
    let status = state.status.map { glyphs.display($0) }
    let statusWidth = status.map { min(TextColumns.columns($0), r.width / 2) } ?? 0
    let statusX = r.maxX - 1 - statusWidth
    let end = status == nil ? r.maxX : statusX - 2
    let hints = (state.isPlaying ? KeyHelp.playHints : KeyHelp.hints).map { h in
      (keys: glyphs.isASCII && h.keys == "←↓↑→" ? "hjkl" : glyphs.display(h.keys), word: h.word, rank: h.rank)
    }
    var chosen = Set<Int>()
    var used = 1
    for i in hints.indices.sorted(by: { hints[$0].rank < hints[$1].rank }) {
      let w = TextColumns.columns(hints[i].keys) + 1 + TextColumns.columns(hints[i].word) + 2
      if r.x + used + w - 2 <= end {
        chosen.insert(i)
        used += w
      }
    }
    var x = r.x + 1
    for i in hints.indices where chosen.contains(i) {
      x = screen.put(hints[i].keys, x: x, y: r.y, style: .key)
      x = screen.put(" " + hints[i].word, x: x, y: r.y, style: .hint) + 2
    }
    if let status {
      text(status, x: statusX, y: r.y, style: .warning, limit: statusWidth)
    }
  }

  /// The `:` line, scrolled by columns so that the cursor stays on screen, the cursor's cell(s) in the cursor
  /// style; a wide character takes two columns, a combining accent none. Only the clusters on screen are
  /// measured, so a frame costs the same however long the line is.
  private mutating func drawPrompt(_ prompt: CommandPrompt) {
    let r = layout.hintBar
    screen.fill(r, with: Cell(" ", .prompt))
    screen[r.x, r.y] = Cell(":", .key)
    let characters = prompt.line.characters
    let cursor = prompt.line.cursor
    let glyphs = glyphs
    let shown = { (i: Int) in glyphs.display(String(characters[i])) }
    // The first cluster shown: as far back from the cursor as leaves room for the cursor's own cell.
    let room = r.width - 2
    let cursorWidth = cursor < characters.count ? max(1, TextColumns.columns(shown(cursor))) : 1
    var first = cursor
    var used = cursorWidth
    while first > 0 {
      let w = TextColumns.columns(shown(first - 1))
      if used + w > room { break }
      used += w
      first -= 1
    }
    var x = r.x + 1
    var cursorX = x
    for i in first..<characters.count {
      if i == cursor { cursorX = x }
      let text = shown(i)
      let end = screen.put(text, x: x, y: r.y, style: .prompt, limit: r.x + 1 + room - x)
      if end == x && TextColumns.columns(text) > 0 { break }
      x = end
    }
    if cursor == characters.count { cursorX = x }
    for dx in 0..<cursorWidth { screen.restyle(x: cursorX + dx, y: r.y, .cursor) }
    guard let error = prompt.error, !layout.promptError.isEmpty else { return }
    let e = layout.promptError
    screen.fill(e, with: Cell(" ", .error))
    // The error's column counts the clusters of the text; the caret goes under it, in columns, as scrolled.
    let scroll = characters[..<first].reduce(0) { $0 + TextColumns.columns(glyphs.display(String($1))) }
    let before = TextColumns.columns(glyphs.display(String(prompt.text.prefix(max(0, error.column - 1)))))
    let caret = min(max(r.x + 1 + before - scroll, e.x), e.maxX - 1)
    let message = glyphs.display("col \(error.column): \(error.message)")
    let w = TextColumns.columns(message)
    screen[caret, e.y] = Cell("^", .error)
    if caret + 2 + w <= e.maxX || caret < e.width / 2 {
      text(message, x: caret + 2, y: e.y, style: .error)
    } else {
      text(message, x: max(e.x, caret - 1 - w), y: e.y, style: .error, limit: caret - 1 - e.x)
    }
  }
}
