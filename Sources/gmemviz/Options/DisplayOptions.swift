import ArgumentParser
import GmemView

/// How a screen is drawn: the options every subcommand that draws one shares.
struct DisplayOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Colours.")
  var theme: Theme = .dark

  @Flag(help: "Draw with ASCII only (also chosen for LANG=C).")
  var ascii = false

  /// The chosen glyphs.
  var glyphs: GlyphSet { ascii ? .ascii : .unicode }
}
