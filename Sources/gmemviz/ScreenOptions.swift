import ArgumentParser
import GmemView

/// The size of a screen drawn without a terminal (a headless recording, an export).
struct ScreenOptions: ParsableArguments {
  @Option(help: "Columns of the screen drawn without a terminal.")
  var cols: Int = 100

  @Option(help: "Rows of the screen drawn without a terminal.")
  var rows: Int = 30

  /// The screen size.
  var size: ScreenSize { ScreenSize(width: cols, height: rows) }

  func validate() throws {
    guard cols >= 40, rows >= 12, cols <= 1000, rows <= 1000 else {
      throw ValidationError("--cols \(cols) --rows \(rows): the map needs 40x12 to 1000x1000")
    }
  }
}
