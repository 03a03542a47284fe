/// What a screen asks of the app loop after an event.
enum Reaction: Equatable {
  /// What is shown changed: draw it.
  case redraw
  /// Nothing to draw.
  case nothing
  /// Forget what the terminal shows and draw all of it again (Ctrl-L).
  case repaint
  /// The screen is done, with this status: 0 for `q` (or, on a long operation's progress, for stopping it), 128 + N
  /// for termination signal N.
  case quit(Int32)
}
