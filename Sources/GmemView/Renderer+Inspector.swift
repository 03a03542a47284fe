import GmemModel

// The inspector: the page under the cursor, its block and folio, and the model's explanations.
extension Renderer {
  func inspectorTitle() -> String {
    let p = layout.cursor
    guard layout.pageCount > 0 else { return "inspector" }
    return "inspector · page \(hex(Geometry.offset(ofPage: p))) · pgoff \(p)"
  }

  /// The inspector's lines with their priorities (0 first): state words, what blocks or failed, why split,
  /// folio, gpa, block, region, content.
  func inspectorLines() -> [(line: StyledLine, priority: Int)] {
    let p = layout.cursor
    guard layout.pageCount > 0, let s = view.page(p) else {
      return [(styled(("no page: the file is empty or absent", .dim)), 0)]
    }
    let offset = Geometry.offset(ofPage: p)
    var out: [(StyledLine, Int)] = []
    let orphans = view.orphans(at: p)
    let shape = view.folioShape(ofPage: p)

    let cell = MapCell(page: s, shape: shape, orphans: orphans)
    var words = styled((String(glyphs.glyph(cell)), cell.style), ("  ", .text))
    words.append(styled((stateWords(s, orphans: orphans).joined(separator: " "), .text)))
    out.append((words, 0))

    if let slot = view.memslots.first(where: { $0.binds(offset: offset) }) {
      out.append((styled(("gpa     ", .dim), ("\(hex(slot.gpa(ofOffset: offset))) (memslot \(slot.slot))", .text)), 4))
    } else {
      out.append((styled(("gpa     ", .dim), ("not bound by a memslot", .dim)), 4))
    }

    out.append((styled(("folio   ", .dim), (folioDescription(page: p, shape: shape), .text)), 3))

    let block = p / Geometry.pagesPerBlock
    let blockStart = UInt64(block) * Geometry.blockSize
    out.append(
      (
        styled(
          ("block   ", .dim), ("\(block) (\(hex(blockStart))+2M): ", .text),
          (countsWords(view.counts(block: block)), .text)), 5
      ))
    if layout.pageCount > Geometry.pagesPerBlock {
      let region = p / Geometry.pagesPerRegion
      let name = "region"
      let c = view.counts(region: region)
      out.append(
        (
          styled(
            (name + String(repeating: " ", count: max(1, 8 - name.count)), .dim),
            (
              "\(region) (\(hex(UInt64(region) * Geometry.regionSize))+\(sizeName(Geometry.bytes(ofPages: c.pages)))): ",
              .text
            ),
            (countsWords(c), .text)), 6
        ))
    }

    let uptodate = s.isUptodate ? "uptodate" : "not uptodate"
    // The kernel's page contents are not read: a load could fault a page in and change what is shown.
    let content = view.isReadFromKernel ? "not read" : hexByte(s.content)
    out.append((styled(("content ", .dim), ("\(content) · \(uptodate)", .text)), 7))

    for why in view.explain(page: p) {
      let style: Style = why.hasPrefix("last failure") ? .error : (why.hasPrefix("merge blocked") ? .warning : .text)
      out.append((styled((Self.whyIndent, .dim), (why, style)), Self.whyPriority(why)))
    }
    return out
  }

  /// The indent of explanation lines; the first one shown gets the `why` label in it.
  static let whyIndent = "        "

  /// Explanation priorities: what blocks or failed first (pins, host mappings, orphans, the last failure),
  /// then why the folio is split and what holds it.
  static func whyPriority(_ line: String) -> Int {
    for prefix in ["last failure", "pinned", "host-mapped"] where line.hasPrefix(prefix) { return 1 }
    if line.contains("orphan") { return 1 }
    return 2
  }

  /// The inspector's rows for `height` rows of `width`: the lines by priority, the first explanation shown
  /// labelled `why`.
  func inspectorRows(_ lines: [(line: StyledLine, priority: Int)], width: Int, height: Int) -> [StyledLine] {
    var groups = fitIndexed(lines, width: width, height: height, indent: 8)
    if let g = groups.firstIndex(where: { lines[$0.index].line.text.hasPrefix(Self.whyIndent) }) {
      var first = groups[g].rows[0]
      var label = styled(("why     ", .dim))
      let rest = StyledLine.suffix(of: first, from: label.count)
      label.append(rest)
      first = label
      groups[g].rows[0] = first
    }
    return groups.flatMap(\.rows)
  }

  /// The page's state words, in the language's order (SCENARIO.md).
  func stateWords(_ s: PageState, orphans: Int) -> [String] {
    var words: [StateWord] = [
      s.isPrivate ? .private : .shared, s.isFaultable ? .faultable : .unfaultable,
      s.isAllocated ? .allocated : .hole,
    ]
    words.append(s.isMapped ? .mapped : .unmapped)
    words.append(s.isPinned ? .pinned : .unpinned)
    words.append(s.spte == .none ? .noSPTE : .spteLevel(s.spte))
    var out = words.map(\.description)
    if s.isMapped {
      let procs = (1...8).filter { s.isMapped(by: $0) }.map(String.init).joined(separator: ",")
      out[3] = "mapped(process \(procs))"
    }
    if orphans > 0 { out.append("orphan×\(orphans)") }
    return out
  }

  /// The folio holding page `p`: index, size, order, whole or split, HVO.
  private func folioDescription(page p: Int, shape: FolioShape) -> String {
    guard let backing = view.backing else { return "no file" }
    let index = p / backing.pagesPerFolio
    let start = UInt64(index) * backing.folioSize
    let name = "\(index) (\(hex(start))+\(backing.rawValue)) order \(backing.order)"
    switch shape {
    case .hole:
      return "none: a hole (\(backing.rawValue) folios when allocated)"
    case .base:
      return "4K folio, order 0 (the file has no huge pages)"
    case .whole:
      return name + ", whole"
    case .split:
      let split = view.counter(.splitFolios)
      let restored = split > 0 ? view.vmemmapRestoredBytes / split : 0
      let hvo = restored > 0 ? ", vmemmap restored \(sizeName(restored)) (HVO undone)" : ""
      return name + ", split to \(backing.pagesPerFolio) × 4K folios (order 0)" + hvo
    }
  }

  /// `private 511 · shared 1 · faultable 1`: the non-zero counts of an aggregate.
  func countsWords(_ c: PageCounts) -> String {
    var parts: [String] = []
    let holes = c.pages - c.allocated
    if c.private > 0 { parts.append("private \(c.private)") }
    if c.shared > 0 { parts.append("shared \(c.shared)") }
    if c.faultable > 0 { parts.append("faultable \(c.faultable)") }
    if c.mapped > 0 { parts.append("mapped \(c.mapped)") }
    if c.pinned > 0 { parts.append("pinned \(c.pinned)") }
    if c.spte > 0 { parts.append("spte \(c.spte)") }
    if holes > 0 { parts.append("holes \(holes)") }
    return parts.joined(separator: " · ")
  }

  func hexByte(_ b: UInt8) -> String { "0x" + (b < 16 ? "0" : "") + String(b, radix: 16) }
}
