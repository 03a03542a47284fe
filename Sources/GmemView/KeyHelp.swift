/// The one key table: the help overlay and the hint bar are drawn from it, and the app looks keys up in it.
public enum KeyHelp {
  /// Every binding, in help order.
  public static let bindings: [KeyBinding] = [
    KeyBinding(.moveLeft, [.left, .character("h")], "left", "left one cell", group: .move),
    KeyBinding(.moveDown, [.down, .character("j")], "down", "down one row", group: .move),
    KeyBinding(.moveUp, [.up, .character("k")], "up", "up one row", group: .move),
    KeyBinding(.moveRight, [.right, .character("l")], "right", "right one cell", group: .move),
    KeyBinding(.pageUp, [.pageUp], "screen up", "up one screenful", group: .move),
    KeyBinding(.pageDown, [.pageDown], "screen down", "down one screenful", group: .move),
    KeyBinding(.first, [.character("g"), .home], "first page", "first page of the file", group: .move),
    KeyBinding(.last, [.character("G"), .end], "last page", "last page of the file", group: .move),
    KeyBinding(
      .zoomIn, [.enter, .character("+"), .character("=")], "zoom in", "zoom in: file → folio → block",
      group: .zoom),
    KeyBinding(.zoomOut, [.backspace, .character("-")], "zoom out", "zoom out", group: .zoom),
    KeyBinding(.select, [.character("v")], "select", "select from here (again: drop)", group: .select),
    KeyBinding(.cancel, [.escape], "cancel", "close help / command line / selection", group: .select),
    KeyBinding(.share, [.character("s")], "share", "share (convert to shared)", group: .operate),
    KeyBinding(.makePrivate, [.character("p")], "private", "private (convert to private)", group: .operate),
    KeyBinding(.hostRead, [.character("r")], "host read", "host read", group: .operate),
    KeyBinding(.hostWrite, [.character("w")], "host write", "host write 0xaa", group: .operate),
    KeyBinding(.guestRead, [.character("R")], "guest read", "guest read", group: .operate),
    KeyBinding(.guestWrite, [.character("W")], "guest write", "guest write 0x55", group: .operate),
    KeyBinding(.pin, [.character("P")], "pin", "pin (FOLL_LONGTERM)", group: .operate),
    KeyBinding(.unpin, [.character("U")], "unpin", "unpin", group: .operate),
    KeyBinding(.dontneed, [.character("d")], "dontneed", "dontneed (MADV_DONTNEED)", group: .operate),
    KeyBinding(.remove, [.character("x")], "remove", "remove (MADV_REMOVE)", group: .operate),
    KeyBinding(.allocate, [.character("a")], "allocate", "allocate (fallocate)", group: .operate),
    KeyBinding(.punch, [.character("X")], "punch", "punch (PUNCH_HOLE)", group: .operate),
    KeyBinding(.mmap, [.character("m")], "mmap", "mmap the file (process 1)", group: .operate),
    KeyBinding(.munmap, [.character("M")], "munmap", "munmap", group: .operate),
    KeyBinding(
      .commandLine, [.character(":")], "command line", "any line of the language, or :source FILE", group: .command),
    KeyBinding(.save, [.character("S")], "save", "save the session as a script (:save FILE)", group: .command),
    KeyBinding(.undo, [.character("u")], "undo", "undo", group: .history),
    KeyBinding(.redo, [.control("r")], "redo", "redo", group: .history),
    KeyBinding(
      .timelineBack, [.character("[")], "timeline back", "timeline: step back · live: older scan",
      group: .history),
    KeyBinding(
      .timelineForward, [.character("]")], "timeline fwd", "timeline: step forward · live: newer scan",
      group: .history),
    KeyBinding(.live, [.character("}")], "live", "live views: leave the scan history", group: .history),
    KeyBinding(.help, [.character("?"), .function(1)], "help", "this help", group: .view),
    KeyBinding(.cycleTheme, [.character("t")], "theme", "next theme (dark/light/mono/presentation)", group: .view),
    KeyBinding(.redraw, [.control("l")], "redraw", "repaint the terminal", group: .view),
    KeyBinding(.quit, [.character("q")], "quit", "quit", group: .view),
  ]

  private static let byKey: [Key: KeyAction] = {
    var map: [Key: KeyAction] = [:]
    for b in bindings {
      for k in b.keys { map[k] = b.action }
    }
    return map
  }()

  /// The action of `key`, or nil when the key does nothing.
  public static func action(for key: Key) -> KeyAction? { byKey[key] }

  /// The binding of `action`.
  public static func binding(for action: KeyAction) -> KeyBinding? {
    bindings.first { $0.action == action }
  }

  /// The hint bar's items in the order shown: keys, word, and rank (the narrower the terminal, the fewer are
  /// shown, lowest rank first).
  public static let hints: [(keys: String, word: String, rank: Int)] = [
    ("←↓↑→", "move", 2), ("Enter/-", "zoom", 4), ("v", "select", 7), ("s", "share", 5), ("p", "private", 6),
    ("P", "pin", 9), (":", "command", 3), ("u", "undo", 8), ("S", "save", 10), ("[ ]", "history", 11),
    ("?", "help", 0), ("q", "quit", 1),
  ]

  /// The playback keys of `gmemviz play` and `compare`: what each does, for the help overlay and for decoding them.
  public static let playBindings: [PlaybackBinding] = [
    PlaybackBinding(.togglePause, [.character(" ")], "Space", "pause / resume"),
    PlaybackBinding(.nextStep, [.character("n"), .right], "n →", "next step"),
    PlaybackBinding(.previousStep, [.character("p"), .left], "p ←", "previous step (the exact earlier state)"),
    PlaybackBinding(.faster, [.character("+"), .character("=")], "+ -", "faster / slower (×0.25 to ×8)"),
    PlaybackBinding(.slower, [.character("-"), .character("_")], "", ""),
    PlaybackBinding(.goToStep, [.character("g")], "g N Enter", "go to step N"),
    PlaybackBinding(.restart, [.character("r")], "r", "restart"),
    PlaybackBinding(.quit, [.character("q")], "", ""),
    PlaybackBinding(nil, [], "h j k l ↑ ↓", "move the cursor"),
    PlaybackBinding(nil, [], "Enter Backspace", "zoom in / out"),
  ]

  /// The playback keys' help rows. A row with no label is not listed: `-` shares the row of `+`, and `q` is in the
  /// help's own list and the hint bar.
  public static var playHelp: [(keys: String, help: String)] {
    playBindings.filter { !$0.keyLabel.isEmpty }.map { ($0.keyLabel, $0.help) }
  }

  private static let playByKey: [Key: PlaybackAction] = {
    var map: [Key: PlaybackAction] = [:]
    for b in playBindings {
      for k in b.keys { map[k] = b.action }
    }
    return map
  }()

  /// The playback action of `key`, or nil when it is not a playback key.
  public static func playbackAction(for key: Key) -> PlaybackAction? { playByKey[key] }

  /// The hint bar while `gmemviz play` plays a script.
  public static let playHints: [(keys: String, word: String, rank: Int)] = [
    ("Space", "pause", 0), ("n/→", "next step", 1), ("p/←", "back", 2), ("+/-", "speed", 4), ("g N", "go to", 5),
    ("r", "restart", 6), ("hjkl", "move", 7), ("q", "quit", 3),
  ]
}
