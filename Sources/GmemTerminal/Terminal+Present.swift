import CNcurses
import CNcursesShim
import GmemView

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Terminal {
  /// Shows `screen` with its styles drawn as `theme` draws them, and the cursor at `cursor` (hidden when nil).
  ///
  /// When the screen, theme and cursor equal the last ones presented, nothing is drawn and nothing is written to
  /// the terminal. Otherwise the screen is erased and every cell drawn, and curses writes only the difference
  /// from what is on the terminal. A screen larger than the terminal is clipped; the part of the terminal a
  /// smaller screen leaves is blank.
  ///
  /// A cell's glyph must take one column: a glyph the terminal draws wider or narrower than one column (or one
  /// the locale cannot encode) is drawn as `?`, and a control character as a space. The exception is a wide
  /// glyph (two columns) followed by a blank cell that looks the same, as `Screen.put` leaves it: it is drawn
  /// across both.
  ///
  /// - Returns: Whether anything was drawn.
  @discardableResult
  public func present(_ screen: Screen, theme: Theme, cursor: (x: Int, y: Int)? = nil) -> Bool {
    guard isActive else { return false }
    let frameWidth = max(0, min(screen.width, width))
    let frameHeight = max(0, min(screen.height, height))
    var visibleCursor: (x: Int, y: Int)?
    if let cursor, (0..<frameWidth).contains(cursor.x), (0..<frameHeight).contains(cursor.y) {
      visibleCursor = cursor
    }
    let sameCursor = visibleCursor?.x == drawnCursor?.x && visibleCursor?.y == drawnCursor?.y
    if !needsFullDraw && sameCursor && theme == drawnTheme && frameWidth == drawnWidth && frameHeight == drawnHeight
      && screen == drawnScreen
    {
      return false
    }
    drawnScreen = screen
    drawnTheme = theme
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
    let looks = Style.allCases.map { drawnTheme.attributes(for: $0) }
    let cells = drawnScreen.cells
    var currentAttributes = CellAttributes.plain
    var attributes = attr_t(gmem_attr_normal)
    var pair: Int16 = 0
    var character = cchar_t()
    for y in 0..<drawnHeight {
      let row = y * drawnScreen.width
      var x = 0
      while x < drawnWidth {
        let cell = cells[row + x]
        let look = looks[Int(cell.style.rawValue)]
        if cell.glyph == " " && look == .plain {  // werase left it so.
          x += 1
          continue
        }
        if look != currentAttributes {
          currentAttributes = look
          (attributes, pair) = resolve(look)
        }
        let tail = x + 1 < drawnWidth && Self.isBlank(cells[row + x + 1], looking: look, looks: looks)
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
    let looks = Style.allCases.map { drawnTheme.attributes(for: $0) }
    let cells = drawnScreen.cells
    for y in 0..<drawnHeight {
      let row = y * drawnScreen.width
      var line = ""
      var x = 0
      while x < drawnWidth {
        let cell = cells[row + x]
        let look = looks[Int(cell.style.rawValue)]
        let tail = x + 1 < drawnWidth && Self.isBlank(cells[row + x + 1], looking: look, looks: looks)
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

  /// Whether `cell` is a space drawn as `look`, with `looks` the attributes of each style by raw value: the second
  /// column of a wide glyph drawn as `look`.
  static func isBlank(_ cell: Cell, looking look: CellAttributes, looks: [CellAttributes]) -> Bool {
    cell.glyph == " " && looks[Int(cell.style.rawValue)] == look
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
