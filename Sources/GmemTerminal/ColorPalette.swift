/// The xterm 256-colour palette, and the nearest colour a terminal with fewer colours has.
enum ColorPalette {
  /// The red, green and blue components (0...255) of palette entry `index`, as xterm draws it by default.
  static func rgb(_ index: UInt8) -> (red: Int, green: Int, blue: Int) {
    switch index {
    case 0...15:
      let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
      ]
      let (red, green, blue) = basic[Int(index)]
      return (red, green, blue)
    case 16...231:
      let levels = [0, 95, 135, 175, 215, 255]
      let cube = Int(index) - 16
      return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
    default:
      let grey = 8 + 10 * (Int(index) - 232)
      return (grey, grey, grey)
    }
  }

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
      let red = colour.red - target.red
      let green = colour.green - target.green
      let blue = colour.blue - target.blue
      let distance = red * red + green * green + blue * blue
      if distance < bestDistance {
        best = candidate
        bestDistance = distance
      }
    }
    return best
  }
}
