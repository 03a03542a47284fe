import GmemView

extension XtermPalette {
  /// The colour to draw for palette entry `index` on a terminal with `available` colours: `index` itself when
  /// the terminal has it, otherwise the nearest (by RGB distance) of its first 16 colours, or of its first 8
  /// when it has fewer than 16.
  static func nearest(_ index: UInt8, available: Int) -> Int {
    if Int(index) < available { return Int(index) }
    let candidates = available >= 16 ? 16 : max(1, min(available, 8))
    let target = rgb(index)
    var best = 0
    var bestDistance = Int.max
    for candidate in 0..<candidates {
      let colour = rgb(UInt8(candidate))
      let red = Int(colour.0) - Int(target.0)
      let green = Int(colour.1) - Int(target.1)
      let blue = Int(colour.2) - Int(target.2)
      let distance = red * red + green * green + blue * blue
      if distance < bestDistance {
        best = candidate
        bestDistance = distance
      }
    }
    return best
  }
}
