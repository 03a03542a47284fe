import ArgumentParser
import GmemView

/// The size of a screen drawn without a terminal (a headless recording, an export).
struct ScreenOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: "Columns of the screen drawn without a terminal (40 to 1000).",
    transform: OptionValue.integer(in: 40...1000))
  var cols: Int = 100

  @Option(
    parsing: .unconditional, help: "Rows of the screen drawn without a terminal (12 to 1000).",
    transform: OptionValue.integer(in: 12...1000))
  var rows: Int = 30

  /// The screen size.
  var size: ScreenSize { ScreenSize(width: cols, height: rows) }
}
