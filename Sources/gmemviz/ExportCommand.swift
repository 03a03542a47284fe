import ArgumentParser
import GmemModel
import GmemView

/// `gmemviz export FILE --svg OUT.svg`: the screen after a step of a scenario, as an image for slides.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the screen after a step of a scenario as SVG, for slides.",
    discussion: """
      Plays FILE on the model up to step --at (default: the end), as `gmemviz play` shows it (caption, the \
      command beside it), and writes that screen at --cols x --rows as SVG in the theme's colours: one rect per \
      cell background (class "cell STYLE"), the text in runs stretched to the cell grid.
      """
  )

  @Argument(help: "The scenario.")
  var file: String

  @Option(help: "Where to write the SVG.")
  var svg: String

  @Option(
    parsing: .unconditional, help: "The step to show (1 is the first `step`; default: the end of the script).",
    transform: OptionValue.step)
  var at: Int?

  @OptionGroup var screen: ScreenOptions

  @OptionGroup var display: DisplayOptions

  func run() throws {
    let lines = try ScriptFile.load(file)
    let player = ScriptPlayer(lines: lines, session: Session(model: GuestMemfdModel()))
    if let at, at > player.stepCount {
      printError("gmemviz export: --at \(at): \(file) has \(player.stepCount) steps")
      throw ExitCode(2)
    }
    player.go(toStep: at ?? player.stepCount + 1)
    let theme = display.theme
    var state = ViewState(theme: theme, glyphs: display.glyphs)
    // As `play` shows that moment: caption, command, the step in the header, the playback keys.
    state.showPosition(of: player)
    state.headerSummary = state.status ?? ""
    state.log = player.session.log
    state.faultabilityIndex = FaultabilityIndex.measure(player.session.view)
    let rendered = Renderer.render(player.session.view, state, size: screen.size)
    let document = SVGExporter(theme: theme).svg(rendered, title: "gmemviz · \(file) · \(state.status ?? "")")
    do throws(WriteError) {
      let out = try OutputFile(path: svg)
      out.write(document)
      try out.commit()
    } catch {
      throw error.exitCode(reporting: "gmemviz export: \(error)")
    }
  }
}
