import GmemModel

/// The legend, always on screen: every glyph of the map and what it means, flowed into as few rows as fit.
public enum Legend {
  /// The entries for `glyphs`.
  public static func items(_ glyphs: GlyphSet) -> [LegendItem] {
    func sample(_ category: PageCategory) -> Cell {
      Cell(glyphs.glyph(MapCell(category: category, shape: .whole)), category.style)
    }
    var items: [LegendItem] = []
    for c in [PageCategory.private, .shared, .sharedMapped, .faultablePrivate, .sharedUnfaultable, .pinned] {
      items.append(LegendItem(samples: [sample(c)], label: c.name, shortLabel: c.shortName))
    }
    items.append(LegendItem(samples: [sample(.spte)], label: PageCategory.spte.name, shortLabel: "spte"))
    items.append(
      LegendItem(
        samples: [Cell("1", .spte), Cell("2", .spte), Cell("4", .spte)], label: "SPTE level 1G/2M/4K (page zoom)",
        shortLabel: "lvl"))
    items.append(
      LegendItem(samples: [Cell(glyphs.orphan, .orphan)], label: "orphan", shortLabel: "orph"))
    items.append(LegendItem(samples: [Cell(glyphs.hole, .hole)], label: "hole", shortLabel: "hole"))
    items.append(
      LegendItem(
        samples: [Cell(glyphs.mixedWhole, .mixed), Cell(glyphs.mixedSplit, .mixed)],
        label: "mixed (in whole/4K folios)", shortLabel: "mix"))
    items.append(
      LegendItem(samples: [Cell(glyphs.violation, .violation)], label: "violation", shortLabel: "bad"))
    items.append(
      LegendItem(
        samples: [Cell("P", .private), Cell("p", .private)], label: "whole folio / 4K folios",
        shortLabel: "whole/4K"))
    return items
  }

  /// Columns between entries: two, one with short labels; one more between tiles.
  public static func gap(short: Bool, tileWidth: Int = 1) -> Int { (short ? 1 : 2) + (tileWidth > 1 ? 1 : 0) }

  /// The entries flowed into rows of at most `width` columns, each sample `tileWidth` columns wide; short labels
  /// when full ones take more than two rows, or four with tiles (the presentation theme's large legend takes the
  /// room of the inspector and log, which matter less on stage).
  public static func rows(width: Int, glyphs: GlyphSet, tileWidth: Int = 1) -> (rows: [[LegendItem]], short: Bool) {
    let all = items(glyphs)
    let full = flow(all, width: width, short: false, glyphs: glyphs, tileWidth: tileWidth)
    if full.count <= (tileWidth > 1 ? 4 : 2) { return (full, false) }
    return (flow(all, width: width, short: true, glyphs: glyphs, tileWidth: tileWidth), true)
  }

  private static func flow(
    _ items: [LegendItem], width: Int, short: Bool, glyphs: GlyphSet, tileWidth: Int
  ) -> [[LegendItem]] {
    var rows: [[LegendItem]] = [[]]
    var used = 0
    let gap = gap(short: short, tileWidth: tileWidth)
    for item in items {
      let w = item.width(short: short, glyphs: glyphs, tileWidth: tileWidth)
      if !rows[rows.count - 1].isEmpty && used + gap + w > width {
        rows.append([])
        used = 0
      }
      used += (rows[rows.count - 1].isEmpty ? 0 : gap) + w
      rows[rows.count - 1].append(item)
    }
    return rows
  }
}
