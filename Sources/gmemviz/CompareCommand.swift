import ArgumentParser
import GmemModel
import GmemScript
import GmemView

/// `gmemviz compare FILE --profiles rfc1,inplace`: one script on two designs, side by side.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Play one scenario on two profiles side by side, marking the commands whose outcomes differ.",
    discussion: """
      Each model starts with `profile P`, then runs FILE (which must not set a profile itself). The two maps \
      share the cursor and zoom; the bar above them says whether the last command's outcomes agree. Keys as in \
      `gmemviz play`: Space, n/→, p/←, +/-, g N, r, q; h j k l move, Enter/Backspace zoom, t theme.

      --list plays the whole script without a terminal and prints each command whose outcomes differ \
      (FILE:LINE: COMMAND, then each profile's outcome); it exits 0 when none differ, 1 when some do, and 2 when \
      FILE cannot be read or parsed or sets a profile.
      """
  )

  @Argument(help: "The scenario (without a `profile` line).")
  var file: String

  @Option(
    parsing: .unconditional, help: "The two profiles, comma-separated (default: rfc1,inplace).",
    transform: OptionValue.profilePair)
  var profiles = ProfilePair(first: .rfc1, second: .inplace)

  @Flag(help: "Print the commands whose outcomes differ, and exit.")
  var list = false

  @OptionGroup var playback: PlaybackOptions

  @OptionGroup var display: DisplayOptions

  func run() throws {
    let lines = try ScriptFile.load(file)
    if let line = lines.first(where: { if case .command(.profile) = $0.statement { true } else { false } }) {
      printError(
        "\(file):\(line.number): `\(line.source.trimmingBlanks)`: compare sets the profile itself; remove this line")
      throw ExitCode(2)
    }
    let chosen = profiles.profiles
    if list {
      let compared = ComparedPlayers(lines: lines, profiles: chosen)
      while compared.playNext() != nil {}
      let differences = compared.differencesInOrder
      for d in differences {
        try StandardOutput.line("\(file):\(d.line): \(d.text)")
        let width = chosen.map(\.rawValue.count).max() ?? 0
        for (profile, outcome) in zip(chosen, d.outcomes) {
          try StandardOutput.line(
            "  \(profile.rawValue):" + String(repeating: " ", count: width - profile.rawValue.count + 1) + outcome.text)
        }
      }
      try StandardOutput.line(
        "\(differences.count) of \(lines.filter(\.isCommand).count) commands differ between \(profiles)")
      if !differences.isEmpty { throw ExitCode(1) }
      return
    }
    let (file, theme, ascii, speed, stopsAtSteps) = (
      file, display.theme, display.ascii, playback.speed, playback.stopsAtSteps
    )
    try MainActor.assumeIsolated {
      let compared = ComparedPlayers(lines: lines, profiles: chosen)
      var app = try CompareApp(
        compared: compared, file: file, theme: theme, ascii: ascii, speed: speed, stopsAtSteps: stopsAtSteps)
      try app.run()
    }
  }
}

extension ScriptLine {
  /// True for an operation (not an expectation, caption, pause or step).
  var isCommand: Bool {
    if case .command = statement { return true }
    return false
  }
}
