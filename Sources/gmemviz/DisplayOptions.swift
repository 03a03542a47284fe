import ArgumentParser
import GmemView

/// How a screen is drawn: the options every subcommand that draws one shares.
struct DisplayOptions: ParsableArguments {
  @Option(help: "Colours: dark, light, mono or presentation.")
  var theme: String = "dark"

  @Flag(help: "Draw with ASCII only (also chosen for LANG=C).")
  var ascii = false

  /// The chosen theme (validated).
  var chosenTheme: Theme { Theme(rawValue: theme) ?? .dark }
  /// The chosen glyphs.
  var glyphs: GlyphSet { ascii ? .ascii : .unicode }

  func validate() throws {
    guard Theme(rawValue: theme) != nil else {
      throw ValidationError("--theme \(theme): expected dark, light, mono or presentation")
    }
  }
}
