import ArgumentParser
import GmemModel
import GmemScript
import GmemView

/// `gmemviz play FILE`: a scenario played in the TUI for an audience, with captions, steps and recording.
struct PlayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "play",
    abstract: "Play a scenario in the map, with captions and steps, for a talk or a recording.",
    discussion: """
      Lines run one after another on the model: `say` sets the caption, `pause` waits, each operation stays on \
      screen for a moment with the cells it changed flashing and the command beside the caption, and `step` is a \
      checkpoint. Keys: Space pause/resume · n or → next step · p or ← previous step (the exact earlier state) · \
      + / - speed · g N Enter go to step N · r restart · q quit; h j k l, zoom and ? still work. After the last \
      line every key explores the final state as in gmemviz.

      --record FILE.cast writes an asciicast v2 recording with a marker at every step. With --headless nothing \
      is drawn on a terminal: the recording is rendered at --cols x --rows with pauses taken as recorded time, so \
      it can be made in CI.
      """
  )

  @Argument(help: "The scenario to play.")
  var file: String

  @OptionGroup var playback: PlaybackOptions

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  @Option(help: "Write an asciicast v2 recording to this file.")
  var record: String?

  @Flag(help: "Render without a terminal (needs --record).")
  var headless = false

  @OptionGroup var screen: ScreenOptions

  func validate() throws {
    if headless {
      guard record != nil else { throw ValidationError("--headless needs --record FILE.cast: it draws nothing else") }
    }
  }

  func run() throws {
    let lines = try ScriptFile.load(file)
    let theme = display.theme
    let title = "gmemviz play \(file)"
    if headless {
      let player = ScriptPlayer(lines: lines, session: Session(model: GuestMemfdModel()))
      let size = screen.size
      let recorder: AsciicastRecorder
      do { recorder = try AsciicastRecorder(path: record ?? "", size: size, title: title, theme: theme) } catch {
        printError("gmemviz play: --record: \(error)")
        throw ExitCode(2)
      }
      var headless = HeadlessPlayer(
        player: player, recorder: recorder, size: size, theme: theme, glyphs: display.glyphs)
      do { try headless.play(speed: playback.speed) } catch {
        throw error.exitCode(reporting: "gmemviz play: --record: \(error)")
      }
      for (line, failure) in player.failures { printError("\(file):\(line): \(failure)") }
      if !player.failures.isEmpty { throw ExitCode(1) }
      return
    }
    let (ascii, mouse, speed, stopsAtSteps, record) = (
      display.ascii, !noMouse, playback.speed, playback.stopsAtSteps, record
    )
    try MainActor.assumeIsolated {
      let session = Session(model: GuestMemfdModel())
      let player = ScriptPlayer(lines: lines, session: session)
      var app = try TUIApp(session: session, theme: theme, ascii: ascii, mouse: mouse)
      app.opening.origin = "\(title), its lines as they played (say, pause and step included)"
      if let record {
        let size = ScreenSize(width: app.terminal.width, height: app.terminal.height)
        do {
          app.record(to: try AsciicastRecorder(path: record, size: size, title: title, theme: app.state.theme))
        } catch {
          app.terminal.restore()
          printError("gmemviz play: --record: \(error)")
          throw ExitCode(2)
        }
      }
      app.play = PlayState(
        player: player, playback: Playback(speed: speed, stopsAtSteps: stopsAtSteps, now: monotonicMilliseconds()))
      try app.run()
    }
  }
}
