import ArgumentParser

/// `gmemviz tui`: the interactive map (the default subcommand).
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Open the interactive map on the model (the default)."
  )

  func run() throws {
    printError(
      "gmemviz: the interactive map is not built yet; use `gmemviz run FILE` to run a scenario")
    throw ExitCode(2)
  }
}
