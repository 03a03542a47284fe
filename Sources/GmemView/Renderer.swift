import GmemModel

/// Composes one frame from the memory state and the view state: a pure function with no I/O. The app calls
/// `render` (or the module-level `render(_:_:size:)`) whenever either changes and hands the screen to the
/// terminal layer.
public struct Renderer {
  let view: any StateView
  let state: ViewState
  let layout: ViewLayout
  let glyphs: GlyphSet
  var screen: Screen

  private init(view: any StateView, state: ViewState, layout: ViewLayout) {
    self.view = view
    self.state = state
    self.layout = layout
    glyphs = state.drawnGlyphs
    screen = Screen(size: layout.size)
  }

  /// The frame of `view` and `state` on a screen of `size`.
  public static func render(_ view: any StateView, _ state: ViewState, size: ScreenSize) -> Screen {
    render(view, state, layout: ViewLayout(view: view, state: state, size: size))
  }

  /// The frame of `view` and `state` laid out as `layout` (computed from the same view, state and size).
  public static func render(_ view: any StateView, _ state: ViewState, layout: ViewLayout) -> Screen {
    var r = Renderer(view: view, state: state, layout: layout)
    r.compose()
    return r.screen
  }

  private mutating func compose() {
    if layout.isTooSmall {
      drawTooSmall()
      return
    }
    drawHeader()
    if let caption = state.caption { drawCaption(caption) }
    drawMaps()
    drawInfo()
    drawLegend()
    drawBottom()
    if state.showsHelp { drawHelp() }
  }

  // MARK: - Text helpers

  /// Draws `s` (as the glyph set can show it) at (`x`, `y`), cut with an ellipsis to `limit` columns; returns
  /// the column after it.
  @discardableResult
  mutating func text(_ s: String, x: Int, y: Int, style: Style, limit: Int = .max) -> Int {
    let shown = glyphs.display(s)
    let room = min(limit, screen.width - x)
    guard room > 0 else { return x }
    let fitted =
      TextColumns.columns(shown) > room ? TextColumns.truncate(shown, width: room, ellipsis: glyphs.ellipsis) : shown
    return screen.put(fitted, x: x, y: y, style: style)
  }

  /// A rule across `width` columns at (`x`, `y`) with `title` after two rule characters; `heavy` for the
  /// focused pane.
  mutating func rule(
    x: Int, y: Int, width: Int, title: String?, style: Style, titleStyle: Style, heavy: Bool = false
  ) {
    screen.fill(Rect(x: x, y: y, width: width, height: 1), with: Cell(heavy ? glyphs.heavyRule : glyphs.rule, style))
    guard let title, width > 6 else { return }
    screen[x + 2, y] = Cell(" ", style)
    let end = text(title, x: x + 3, y: y, style: titleStyle, limit: width - 5)
    screen[end, y] = Cell(" ", style)
  }

  /// `0x` and `digits` lower-case hex digits of `value`, zero padded.
  static func hexLabel(_ value: UInt64, digits: Int) -> String {
    let h = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - h.count)) + h
  }

  // MARK: - Notice, header, caption

  private mutating func drawTooSmall() {
    let need = ScreenSize.minimum
    let lines = [
      "terminal too small", "need \(need.width)×\(need.height), have \(layout.size.width)×\(layout.size.height)",
    ]
    let top = max(0, (screen.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
      let shown = glyphs.display(line)
      let x = max(0, (screen.width - TextColumns.columns(shown)) / 2)
      text(line, x: x, y: top + i, style: i == 0 ? .error : .text)
    }
  }

  private mutating func drawHeader() {
    let r = layout.header
    screen.fill(r, with: Cell(" ", .header))
    let vm = view.vmType?.rawValue ?? "no VM"
    let vmLong = view.vmType.map { "\($0.rawValue) VM" } ?? "no VM"
    var file = "no guest_memfd"
    var fileShort = "no gmem"
    var fileTiny = "no gmem"
    if view.fileSize > 0, let backing = view.backing {
      let size = sizeName(view.fileSize)
      let pages = backing.isHuge ? "\(backing.rawValue) HugeTLB" : "4K pages"
      let closed = view.isOpen ? "" : " (closed)"
      file = "\(size) guest_memfd, \(pages)" + (view.flags.map { ", flags \(hex($0.raw))" } ?? "") + closed
      fileShort = "\(size) of \(pages)" + closed
      fileTiny = "\(size)/\(backing.rawValue)"
    }
    let poolFree = view.counter(.poolFree)
    let poolResv = view.counter(.poolResv)
    let pool = "pool \(view.poolBacking.rawValue): free \(poolFree) resv \(poolResv)"
    let summary = state.headerSummary.isEmpty ? [] : [state.headerSummary]
    let backend = state.backendName
    let profile = view.profile.rawValue
    let variants: [[String]] = [
      ["gmemviz", backend, profile, vmLong, file, pool] + summary,
      // The kernel has no HugeTLB pool: its header gives the room to the capabilities; playback to its position.
      state.isPlaying ? [backend, profile, vm, fileShort, "pool free \(poolFree) resv \(poolResv)"] + summary : [],
      state.isPlaying ? [profile, vm, fileTiny, "pool \(poolFree)/\(poolResv)"] + summary : [],
    ]
    // On the kernel and while playing, the summary may be cut part by part (its parts come most useful first).
    let parts = state.headerSummary.split(separator: " · ").map(String.init)
    let counts = (1...max(1, parts.count)).reversed()
    let kernel = view.isReadFromKernel
    let shortened: [[String]] =
      !kernel && !state.isPlaying
      ? []
      : counts.map { ["gmemviz", backend, profile, vmLong, fileShort] + parts.prefix($0) }
        + counts.map { [backend, profile, vm, fileShort] + parts.prefix($0) }
    // The kernel's marker (`LIVE`, or the scan shown) outlasts the file's long words and then the summary's parts.
    var kernelShortened: [[String]] = []
    if kernel {
      kernelShortened =
        counts.map { [backend, profile, vm, fileTiny] + parts.prefix($0) } + [[backend, profile, vm, fileTiny]]
    }
    let rest: [[String]] = [
      ["gmemviz", backend, profile, vmLong, file, pool],
      ["gmemviz", backend, profile, vmLong, fileShort, pool],
      ["gmemviz \(backend)", profile, vm, fileShort, "pool free \(poolFree) resv \(poolResv)"],
      [backend, profile, vm, fileShort, "free \(poolFree) resv \(poolResv)"],
      [profile, vm, fileTiny, "pool \(poolFree)/\(poolResv)"],
    ]
    let marker = state.headerMarker.isEmpty ? [] : [state.headerMarker]
    let lastResorts: [[String]] = marker.isEmpty ? [] : [[profile, vm, fileTiny], [profile, vm], []]
    let lines = ((variants + shortened + kernelShortened + rest).filter { !$0.isEmpty } + lastResorts)
      .map { " " + ($0 + marker).joined(separator: " · ") }
    let line = lines.first { TextColumns.columns(glyphs.display($0)) <= r.width } ?? lines[lines.count - 1]
    text(line, x: r.x, y: r.y, style: .header, limit: r.width)
  }

  /// The caption bar: the caption on its middle row (of three in a theme of tiles), the command just run at its
  /// right end, dimmer; the command takes what the caption leaves, at least a third of the bar when it needs it.
  private mutating func drawCaption(_ caption: String) {
    let r = layout.caption
    screen.fill(r, with: Cell(" ", .caption))
    let y = r.y + r.height / 2
    let shown = " ▶ " + caption
    var captionEnd = r.maxX
    if let command = state.captionCommand.map({ glyphs.display($0) }), !command.isEmpty {
      let room = max(r.width / 3, r.width - TextColumns.columns(glyphs.display(shown)) - 3)
      let w = min(TextColumns.columns(command), room)
      let x = r.maxX - 1 - w
      text(command, x: x, y: y, style: .captionCommand, limit: w)
      captionEnd = x - 2
    }
    text(shown, x: r.x, y: y, style: .caption, limit: captionEnd - r.x)
  }
}
