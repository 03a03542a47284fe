import GmemModel
import GmemScript

/// One script played in lockstep on several profiles of the model (`gmemviz compare`): each line goes to every
/// profile's player, and a command whose outcomes differ is noted by line. Playing is deterministic, so a line's
/// outcomes are the same every time it is played (after going back, or after a restart).
final class ComparedPlayers {
  /// A command whose outcomes differ between the profiles.
  struct Difference: Equatable {
    /// The script line.
    var line: Int
    /// The command's source.
    var text: String
    /// Each profile's outcome, in `profiles` order.
    var outcomes: [Outcome]
  }

  /// The profiles, in the order given.
  let profiles: [Profile]
  /// A player per profile.
  let players: [ScriptPlayer]
  /// The differing commands seen so far, by line.
  private(set) var differences: [Int: Difference] = [:]

  /// `lines` on each of `profiles`: every model starts with `profile P`, then the script.
  init(lines: [ScriptLine], profiles: [Profile]) {
    self.profiles = profiles
    players = profiles.map { profile in
      let session = Session(model: GuestMemfdModel())
      let command = Command.profile(profile)
      session.applyWithoutHistory(command, text: Statement.command(command).text)
      return ScriptPlayer(lines: lines, session: session)
    }
  }

  /// The first player, whose position, step and caption every player shares.
  var lead: ScriptPlayer { players[0] }

  /// Plays the next line on every profile; nil at the end.
  func playNext() -> [ScriptPlayer.Played]? {
    let line = lead.nextLine
    let played = players.compactMap { $0.playNext() }
    guard played.count == players.count, let line else { return nil }
    note(played, line: line)
    return played
  }

  /// Every profile to step `number` (see `ScriptPlayer.go(toStep:)`), noting differences on the way.
  @discardableResult
  func go(toStep number: Int) -> [[ScriptPlayer.Played]] {
    if number <= lead.step {
      for player in players { player.go(toStep: number) }
      return []
    }
    var all: [[ScriptPlayer.Played]] = []
    while lead.step < number || number > lead.stepCount, let played = playNext() { all.append(played) }
    return all
  }

  /// Every profile back a step (see `ScriptPlayer.back()`).
  func back() {
    for player in players { player.back() }
  }

  /// The differences of the lines played so far, in script order.
  var differencesInOrder: [Difference] { differences.values.sorted { $0.line < $1.line } }

  private func note(_ played: [ScriptPlayer.Played], line: ScriptLine) {
    var outcomes: [Outcome] = []
    for p in played {
      guard case .command(_, _, let result) = p else { return }
      outcomes.append(result.outcome)
    }
    if Set(outcomes.map(\.text)).count > 1 {
      differences[line.number] = Difference(line: line.number, text: line.source.trimmingBlanks, outcomes: outcomes)
    }
  }
}
