/// A rendered screen as an SVG image in a theme's colours, for slides: one `rect` per cell background (its class
/// names the cell's style, e.g. `cell private`), then the text of each row in runs of one style, each run stretched
/// to its exact cell width so the grid stays aligned whatever monospace font draws it.
public struct SVGExporter {
  /// The theme the screen is drawn in.
  public let theme: Theme
  /// A cell's width and height in SVG units, and the font size.
  public static let cellWidth = 10.0
  public static let cellHeight = 20.0
  public static let fontSize = 16.0

  /// An exporter in `theme`.
  public init(theme: Theme) {
    self.theme = theme
  }

  /// The terminal's own default colours, as this theme expects them (dark themes on near-black, light on white).
  var defaults: (foreground: String, background: String) {
    theme == .light ? ("#1c1c1c", "#ffffff") : ("#d0d0d0", "#121212")
  }

  /// The SVG document of `screen`.
  public func svg(_ screen: Screen, title: String) -> String {
    let w = Self.cellWidth
    let h = Self.cellHeight
    let width = Double(screen.width) * w
    let height = Double(screen.height) * h
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" \
      viewBox="0 0 \(number(width)) \(number(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" \
      font-size="\(number(Self.fontSize))">
      <title>\(escaped(title))</title>
      <rect class="screen" x="0" y="0" width="\(number(width))" height="\(number(height))" fill="\(defaults.background)"/>

      """
    for y in 0..<screen.height {
      for x in 0..<screen.width {
        let style = screen[x, y].style
        out += "<rect class=\"cell \(style)\" x=\"\(number(Double(x) * w))\" y=\"\(number(Double(y) * h))\" "
        out += "width=\"\(number(w))\" height=\"\(number(h))\" fill=\"\(colors(style).background)\"/>\n"
      }
    }
    for y in 0..<screen.height {
      var x = 0
      while x < screen.width {
        let style = screen[x, y].style
        var end = x
        var text = ""
        while end < screen.width, screen[end, y].style == style {
          text.append(screen[end, y].glyph)
          end += 1
        }
        if text.contains(where: { $0 != " " }) {
          out += textElement(text, x: x, y: y, columns: end - x, style: style)
        }
        x = end
      }
    }
    return out + "</svg>\n"
  }

  private func textElement(_ text: String, x: Int, y: Int, columns: Int, style: Style) -> String {
    let a = theme.attributes(for: style)
    var attributes = "fill=\"\(colors(style).foreground)\""
    if a.bold { attributes += " font-weight=\"bold\"" }
    if a.dim { attributes += " opacity=\"0.6\"" }
    if a.underline { attributes += " text-decoration=\"underline\"" }
    let baseline = (Double(y) + 0.78) * Self.cellHeight
    return "<text x=\"\(number(Double(x) * Self.cellWidth))\" y=\"\(number(baseline))\" "
      + "textLength=\"\(number(Double(columns) * Self.cellWidth))\" lengthAdjust=\"spacingAndGlyphs\" "
      + "xml:space=\"preserve\" \(attributes)>\(escaped(text))</text>\n"
  }

  /// The colours a cell of `style` is drawn in, reverse video applied.
  private func colors(_ style: Style) -> (foreground: String, background: String) {
    let a = theme.attributes(for: style)
    let foreground = a.foreground.svgColor ?? defaults.foreground
    let background = a.background.svgColor ?? defaults.background
    return a.reverse ? (background, foreground) : (foreground, background)
  }

  private func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  private func escaped(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}

extension TerminalColor {
  /// `#rrggbb`, or nil for the terminal's default.
  var svgColor: String? {
    if case .index(let n) = self { return XtermPalette.hex(n) }
    return nil
  }
}
