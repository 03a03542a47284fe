import GmemView

/// Colour pairs, allocated lazily, one per (foreground, background) combination in use, and cached.
///
/// curses draws colour through numbered pairs; pair 0 is the terminal's default colours and cannot be changed.
/// The table maps each requested combination to a pair, degrading colours the terminal lacks to the nearest
/// it has, and falls back to 8-colour pairs and then to pair 0 when the terminal runs out of pairs.
struct ColorPairTable {
  /// How many colours the terminal has (`COLORS`).
  let colors: Int
  /// How many pairs may be used (`COLOR_PAIRS`, at most 32 767 so that a pair fits in `setcchar`'s short).
  let pairLimit: Int
  /// Whether the terminal's default colours can be used in pairs (`use_default_colors` succeeded). Without
  /// them, a default foreground is white and a default background black.
  let defaultColors: Bool
  private var pairs: [Int32: Int16] = [:]
  private var nextPair = 1

  /// Creates an empty table for a terminal.
  init(colors: Int, pairLimit: Int, defaultColors: Bool) {
    self.colors = colors
    self.pairLimit = min(pairLimit, Int(Int16.max))
    self.defaultColors = defaultColors
  }

  /// The number of pairs allocated so far.
  var allocatedCount: Int { nextPair - 1 }

  /// The pair for `foreground` on `background`, allocating it with `allocate` (pair number, foreground,
  /// background as curses colour numbers; returns whether it succeeded) the first time it is needed.
  mutating func pair(
    foreground: TerminalColor, background: TerminalColor, allocate: (Int16, Int16, Int16) -> Bool
  ) -> Int16 {
    let available = colors
    let primary = colour(foreground, available: available, isForeground: true)
    let secondary = colour(background, available: available, isForeground: false)
    if let pair = pair(primary, secondary, allocate: allocate) { return pair }
    if available > 8 {
      let fallbackForeground = colour(foreground, available: 8, isForeground: true)
      let fallbackBackground = colour(background, available: 8, isForeground: false)
      if let pair = pair(fallbackForeground, fallbackBackground, allocate: allocate) { return pair }
    }
    return 0
  }

  /// The curses colour number for `color`: -1 (or, without default colours, white on black) for the terminal's
  /// default, else the palette index or the nearest the terminal has.
  private func colour(_ color: TerminalColor, available: Int, isForeground: Bool) -> Int16 {
    guard case .index(let index) = color else { return defaultColors ? -1 : (isForeground ? 7 : 0) }
    return Int16(XtermPalette.nearest(index, available: available))
  }

  private mutating func pair(
    _ foreground: Int16, _ background: Int16, allocate: (Int16, Int16, Int16) -> Bool
  ) -> Int16? {
    let isDefault = defaultColors ? (foreground == -1 && background == -1) : (foreground == 7 && background == 0)
    if isDefault { return 0 }
    let key = Int32(foreground) << 16 | Int32(UInt16(bitPattern: background))
    if let pair = pairs[key] { return pair }
    guard nextPair < pairLimit else { return nil }
    let pair = Int16(nextPair)
    guard allocate(pair, foreground, background) else { return nil }
    nextPair += 1
    pairs[key] = pair
    return pair
  }
}
