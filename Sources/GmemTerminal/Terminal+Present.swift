import CNcurses
import CNcursesShim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Terminal {
  /// Shows `frame`, and the cursor at `cursor` (hidden when nil).
  ///
  /// When the frame (and cursor) equals the last one presented, nothing is drawn and nothing is written to the
  /// terminal. Otherwise the screen is erased and every cell drawn, and curses writes only the difference from
  /// what is on the terminal. A frame larger than the terminal is clipped; the part of the terminal a smaller
  /// frame leaves is blank.
  ///
  /// - Returns: Whether anything was drawn.
  @discardableResult
  public func present(_ frame: some TerminalFrame, cursor: (x: Int, y: Int)? = nil) -> Bool {
    guard isActive else { return false }
    let frameWidth = max(0, min(frame.width, width))
    let frameHeight = max(0, min(frame.height, height))
    frameCells.removeAll(keepingCapacity: true)
    frameCells.reserveCapacity(frameWidth * frameHeight)
    for y in 0..<frameHeight {
      for x in 0..<frameWidth { frameCells.append(frame.cell(x: x, y: y)) }
    }
    var visibleCursor: (x: Int, y: Int)?
    if let cursor, (0..<frameWidth).contains(cursor.x), (0..<frameHeight).contains(cursor.y) {
      visibleCursor = cursor
    }
    let sameCursor = visibleCursor?.x == drawnCursor?.x && visibleCursor?.y == drawnCursor?.y
    if !needsFullDraw && sameCursor && frameWidth == drawnWidth && frameHeight == drawnHeight
      && frameCells == drawnCells
    {
      return false
    }
    swap(&frameCells, &drawnCells)
    drawnWidth = frameWidth
    drawnHeight = frameHeight
    drawnCursor = visibleCursor
    draw()
    return true
  }

  /// Draws the last frame presented into curses' screen and updates the terminal.
  func draw() {
    guard capabilities.canPositionCursor else { return drawLines() }
    werase(window)
    var currentAttributes = CellAttributes.plain
    var attributes = attr_t(gmem_attr_normal)
    var pair: Int16 = 0
    var character = cchar_t()
    for y in 0..<drawnHeight {
      var x = 0
      while x < drawnWidth {
        let cell = drawnCells[y * drawnWidth + x]
        if cell == .blank {  // werase left it so.
          x += 1
          continue
        }
        if cell.attributes != currentAttributes {
          currentAttributes = cell.attributes
          (attributes, pair) = resolve(cell.attributes)
        }
        let tail =
          x + 1 < drawnWidth
          && drawnCells[y * drawnWidth + x + 1] == TerminalCell(glyph: " ", attributes: cell.attributes)
        let columns = GlyphEncoder.encode(cell.glyph, into: &glyphBuffer, wideAllowed: tail)
        _ = glyphBuffer.withUnsafeBufferPointer { setcchar(&character, $0.baseAddress, attributes, pair, nil) }
        // The bottom-right cell returns ERR (the cursor cannot move past it) but is drawn.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &character)
        x += columns
      }
    }
    if let cursor = drawnCursor {
      if !cursorVisible {
        leaveok(window, false)
        curs_set(1)
        cursorVisible = true
      }
      wmove(window, Int32(cursor.y), Int32(cursor.x))
    } else if cursorVisible {
      leaveok(window, true)
      curs_set(0)
      cursorVisible = false
    }
    wnoutrefresh(window)
    doupdate()
    needsFullDraw = false
  }

  /// Writes the last frame presented as plain lines, for a terminal that cannot move the cursor: a new line,
  /// then the rows without trailing spaces, so that the frame scrolls the previous one off the screen.
  func drawLines() {
    var text = "\r\n"
    for y in 0..<drawnHeight {
      var line = ""
      var x = 0
      while x < drawnWidth {
        let cell = drawnCells[y * drawnWidth + x]
        let tail =
          x + 1 < drawnWidth
          && drawnCells[y * drawnWidth + x + 1] == TerminalCell(glyph: " ", attributes: cell.attributes)
        let columns = GlyphEncoder.encode(cell.glyph, into: &glyphBuffer, wideAllowed: tail)
        for unit in glyphBuffer.dropLast() { line.unicodeScalars.append(Unicode.Scalar(UInt32(unit)) ?? "?") }
        x += columns
      }
      while line.last == " " { line.removeLast() }
      text += line
      if y + 1 < drawnHeight { text += "\r\n" }
    }
    Terminal.writeAll(text)
    needsFullDraw = false
  }

  /// The curses video attributes and colour pair for `attributes`.
  func resolve(_ attributes: CellAttributes) -> (attr_t, Int16) {
    var bits = gmem_attr_normal
    if attributes.bold { bits |= gmem_attr_bold }
    if attributes.dim { bits |= gmem_attr_dim }
    if attributes.reverse { bits |= gmem_attr_reverse }
    if attributes.underline { bits |= gmem_attr_underline }
    var pair: Int16 = 0
    if colorPairs != nil {
      pair = colorPairs!.pair(foreground: attributes.foreground, background: attributes.background) {
        init_pair($0, $1, $2) == OK
      }
    }
    return (attr_t(bits), pair)
  }
}
