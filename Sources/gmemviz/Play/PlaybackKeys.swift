import GmemView

/// The playback keys of `play` and `compare`, decoded: what a key asks of the playback, with `g N Enter` typed
/// over several keys.
struct PlaybackKeys {
  /// What a key asks for.
  enum Request: Equatable {
    case togglePause, nextStep, previousStep, faster, slower, restart, quit
    case goToStep(Int)
    /// A `g N` being typed: the digits so far.
    case typing(String)
    /// The `g N` was dropped (Esc or another key).
    case cancelled
  }

  /// The digits typed after `g`, while a jump is being typed.
  private var typed: String?

  /// The status line while a jump is typed.
  static func prompt(_ digits: String) -> String { "go to step \(digits)_ (Enter goes, Esc cancels)" }

  /// The request `key` makes, or nil when it is not a playback key.
  mutating func request(for key: Key) -> Request? {
    if let digits = typed {
      typed = nil
      switch key {
      case .character(let c) where c.isASCII && c.isNumber:
        typed = digits + String(c)
        return .typing(digits + String(c))
      case .enter: return Int(digits).map(Request.goToStep) ?? .cancelled
      default: return .cancelled
      }
    }
    switch KeyHelp.playbackAction(for: key) {
    case .togglePause: return .togglePause
    case .nextStep: return .nextStep
    case .previousStep: return .previousStep
    case .faster: return .faster
    case .slower: return .slower
    case .restart: return .restart
    case .quit: return .quit
    case .goToStep:
      typed = ""
      return .typing("")
    case nil: return nil
    }
  }
}
