import GmemModel

// The counters: pages per state, folios, pool, vmemmap, and the faultability index in its three encodings.
extension Renderer {
  /// One counter item: its text and how much it matters when space is short (0 first).
  typealias CounterItem = (text: String, priority: Int)

  /// The counters in groups, one group per line when there is room.
  func counterGroups() -> [[CounterItem]] {
    let pages = Int(view.counter(.pages))
    let allocated = Int(view.counter(.allocated))
    var groups: [[CounterItem]] = []
    groups.append([
      ("private \(view.counter(.private))", 1), ("shared \(view.counter(.shared))", 1),
      ("faultable \(view.counter(.faultable))", 2), ("mapped \(view.counter(.mapped))", 2),
      ("pinned \(view.counter(.pinned))", 2), ("spte \(view.counter(.spte))", 3),
    ])
    if let backing = view.backing, backing.isHuge {
      groups.append([
        ("folios \(view.counter(.wholeFolios)) whole \(view.counter(.splitFolios)) split", 0),
        ("vmemmap restored \(sizeName(view.vmemmapRestoredBytes))", 3),
      ])
    }
    groups.append([
      ("pages \(pages)", 4), ("allocated \(allocated)", 4), ("holes \(pages - allocated)", 4),
    ])
    groups.append([
      ("pool \(view.poolBacking.rawValue) free \(view.counter(.poolFree)) resv \(view.counter(.poolResv))", 1)
    ])
    let index = state.faultabilityIndex ?? FaultabilityIndex.measure(view)
    groups.append([
      ("faultability index: present=faultable \(index.presenceFaultable)", 3),
      ("present=unfaultable \(index.presenceUnfaultable)", 3), ("ranges \(index.ranges)", 3),
    ])
    return groups
  }

  /// One line per group, wrapped, cut to `height` rows.
  func counterTallLines(_ groups: [[CounterItem]], width: Int, height: Int) -> [StyledLine] {
    var out: [StyledLine] = []
    for group in groups {
      let text = group.map(\.text).joined(separator: " · ")
      out += styled((text, .text)).wrapped(width, indent: 2)
    }
    return Array(out.prefix(height))
  }

  /// The most important counters that fit one line of `width` columns, in their usual order.
  func counterCompactLine(_ groups: [[CounterItem]], width: Int) -> StyledLine {
    let items = groups.flatMap { $0 }.filter { !$0.text.hasPrefix("faultability") }
    var chosen = Set<Int>()
    var used = 0
    for i in items.indices.sorted(by: { (items[$0].priority, $0) < (items[$1].priority, $1) }) {
      let w = TextColumns.columns(glyphs.display(items[i].text)) + (chosen.isEmpty ? 0 : 3)
      if used + w <= width {
        chosen.insert(i)
        used += w
      }
    }
    let text = items.indices.filter { chosen.contains($0) }.map { items[$0].text }.joined(separator: " · ")
    return styled((text, .dim))
  }
}
