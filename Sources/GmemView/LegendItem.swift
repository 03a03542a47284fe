/// One entry of the legend: sample glyphs in their styles, and what they mean.
public struct LegendItem: Equatable, Sendable {
  /// The sample cells.
  public var samples: [Cell]
  /// The meaning, in full.
  public var label: String
  /// The meaning, short, for narrow terminals.
  public var shortLabel: String

  /// An entry of `samples` meaning `label` (`shortLabel` when space is short).
  public init(samples: [Cell], label: String, shortLabel: String) {
    self.samples = samples
    self.label = label
    self.shortLabel = shortLabel
  }

  /// Columns the entry takes: the samples (each `tileWidth` columns), a space, the label.
  public func width(short: Bool, glyphs: GlyphSet, tileWidth: Int = 1) -> Int {
    samples.count * tileWidth + 1 + glyphs.display(short ? shortLabel : label).unicodeScalars.count
  }
}
