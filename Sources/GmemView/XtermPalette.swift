/// The xterm 256-colour palette as RGB: to draw terminal colours outside a terminal (SVG), and to find the nearest
/// colour a terminal with fewer colours has.
public enum XtermPalette {
  /// `#rrggbb` for palette index `n`: the 16 xterm system colours, the 6×6×6 cube, then the grey ramp.
  public static func hex(_ n: UInt8) -> String {
    let (r, g, b) = rgb(n)
    return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  /// The red, green and blue of palette index `n`.
  public static func rgb(_ n: UInt8) -> (UInt8, UInt8, UInt8) {
    switch n {
    case 0..<16: return system[Int(n)]
    case 16..<232:
      let i = Int(n) - 16
      let level = { (v: Int) -> UInt8 in v == 0 ? 0 : UInt8(55 + v * 40) }
      return (level(i / 36), level(i / 6 % 6), level(i % 6))
    default:
      let v = UInt8(8 + (Int(n) - 232) * 10)
      return (v, v, v)
    }
  }

  /// xterm's defaults for colours 0–15.
  private static let system: [(UInt8, UInt8, UInt8)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
    (255, 255, 255),
  ]
}
