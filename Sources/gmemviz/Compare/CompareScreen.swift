import GmemModel
import GmemView

/// The screen of `gmemviz compare`: a header, the caption, a bar saying whether the last command's outcomes agree,
/// then one pane per profile side by side (each a full map of that profile's state at the same cursor and zoom,
/// with the playback keys in its hint bar).
struct CompareScreen {
  /// The narrowest and lowest screen that holds two panes of 40×12.
  static let minimumSize = ScreenSize(width: 80, height: 15)

  /// The columns between the two panes: a divider when there is room for it.
  static func gap(width: Int) -> Int { width > 80 ? 1 : 0 }

  /// The size of each pane on a screen of `size`.
  static func paneSize(for size: ScreenSize) -> ScreenSize {
    ScreenSize(width: (size.width - gap(width: size.width)) / 2, height: size.height - 3)
  }

  let compared: ComparedPlayers
  /// The shared view: cursor, zoom, theme, glyphs.
  let state: ViewState
  /// Each pane's flashing pages.
  let changed: [[Range<Int>]]
  /// What the header says about playback (step, speed, paused).
  let playbackText: String
  /// The message of the last key, if any.
  let status: String?
  let file: String

  /// The whole screen at `size`.
  func render(size: ScreenSize) -> Screen {
    var screen = Screen(size: size)
    guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
      screen.put(
        " compare needs \(Self.minimumSize.width)x\(Self.minimumSize.height); this is \(size.width)x\(size.height)",
        x: 0, y: 0, style: .warning)
      return screen
    }
    let w = size.width
    let profiles = compared.profiles.map(\.rawValue).joined(separator: " | ")
    let name = file.split(separator: "/").last.map(String.init) ?? file
    bar(&screen, y: 0, " gmemviz compare · \(name) · \(profiles) · \(playbackText)", style: .header)
    bar(&screen, y: 1, " ▶ " + (compared.lead.caption ?? ""), style: .caption)
    let (verdict, verdictStyle) = verdictLine()
    let differing = compared.differences.count
    let count = " \(differing) differing so far "
    bar(&screen, y: 2, "", style: verdictStyle)
    screen.put(verdict, x: 0, y: 2, style: verdictStyle, limit: w - count.count)
    screen.put(count, x: w - count.count, y: 2, style: differing > 0 ? .warning : .dim)
    let gap = Self.gap(width: w)
    let paneSize = Self.paneSize(for: size)
    for (i, player) in compared.players.enumerated() {
      var paneState = state
      paneState.log = player.session.log
      paneState.changedPages = i < changed.count ? changed[i] : []
      paneState.faultabilityIndex = FaultabilityIndex.measure(player.session.view)
      paneState.caption = nil
      // Each pane's hint bar shows the playback keys; the left one also the message of the last key.
      paneState.isPlaying = true
      paneState.status = i == 0 ? status : nil
      // The help (the playback keys) opens over the left pane; the right one keeps showing its state.
      paneState.showsHelp = i == 0 && state.showsHelp
      let pane = Renderer.render(player.session.view, paneState, size: paneSize)
      let x0 = i * (paneSize.width + gap)
      for y in 0..<pane.height {
        for x in 0..<pane.width {
          let cell = pane[x, y]
          screen.put(String(cell.glyph), x: x0 + x, y: 3 + y, style: cell.style)
        }
      }
      if i > 0 && gap > 0 {
        for y in 3..<size.height { screen.put("│", x: x0 - 1, y: y, style: .border) }
      }
    }
    return screen
  }

  /// Whether the last command's outcomes agree, in one line.
  private func verdictLine() -> (String, Style) {
    guard let line = compared.lead.lastCommandLine else {
      return (" outcomes are compared after each command", .dim)
    }
    if let difference = compared.differences[line.number] {
      let outcomes = zip(compared.profiles, difference.outcomes).map { "\($0.rawValue) → \($1.text)" }
      return (" ≠ line \(line.number) `\(difference.text)`: " + outcomes.joined(separator: " · "), .error)
    }
    return (" = line \(line.number) `\(line.source.trimmingBlanks)`: the same outcome on every profile", .ok)
  }

  private func bar(_ screen: inout Screen, y: Int, _ text: String, style: Style) {
    screen.fill(Rect(x: 0, y: y, width: screen.width, height: 1), with: Cell(" ", style))
    screen.put(text, x: 0, y: y, style: style)
  }
}
