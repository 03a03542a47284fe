import GmemModel

// The event log: the most recent operations, last at the bottom, each with its outcome and its events.
extension Renderer {
  func logTitle() -> String {
    state.log.isEmpty ? "log" : "log · \(state.log.count) operation\(state.log.count == 1 ? "" : "s")"
  }

  /// The log's rows for an area of `width` × `height`: whole entries from the newest back, the newest cut to
  /// its first events when it alone does not fit.
  func logLines(width: Int, height: Int) -> [StyledLine] {
    guard height > 0 else { return [] }
    guard !state.log.isEmpty else { return [styled(("no operations yet", .dim))] }
    var out: [StyledLine] = []
    var left = height
    // Stop at the first entry that finds no room: a `where` clause would walk (and copy) the whole log on
    // every frame, which made a 32k-line --script load 100 times slower than a 16k-line one.
    for entry in state.log.reversed() {
      guard left > 0 else { break }
      var head = styled(("#\(entry.sequence) ", .dim), (entry.command, .text), (" → ", .dim))
      head.append(styled((entry.outcomeText, entry.succeeded ? .ok : .error)))
      if let detail = entry.detail, !entry.succeeded { head.append(styled((": " + detail, .text))) }
      var block = head.wrapped(width, indent: 4)
      for e in entry.events { block += styled(("    \(glyphs.bullet) " + e, .dim)).wrapped(width, indent: 6) }
      if block.count <= left {
        out.insert(contentsOf: block, at: 0)
        left -= block.count
      } else if out.isEmpty {
        // The newest entry alone does not fit: its first row, then the events that change structure first.
        let headRows = head.wrapped(width, indent: 4)
        var rows = Array(headRows.prefix(left))
        if headRows.count > left {
          rows[left - 1] = rows[left - 1].markedCut(width, ellipsis: glyphs.ellipsis, style: .dim)
        }
        let room = left - rows.count
        let ranked = entry.events.indices.sorted {
          (Self.eventRank(entry.events[$0]), $0) < (Self.eventRank(entry.events[$1]), $1)
        }
        let kept = Set(ranked.prefix(room))
        for i in entry.events.indices where kept.contains(i) {
          rows.append(
            styled(("    \(glyphs.bullet) " + entry.events[i], .dim)).truncated(width, ellipsis: glyphs.ellipsis))
        }
        let hidden = entry.events.count - kept.count
        if hidden > 0, !kept.isEmpty {
          let note = styled((" (+\(hidden) more)", .dim))
          var last = rows[rows.count - 1].truncated(max(1, width - note.count), ellipsis: glyphs.ellipsis)
          last.append(note)
          rows[rows.count - 1] = last
        }
        out = rows
        left = 0
      } else {
        out.insert(head.truncated(width, ellipsis: glyphs.ellipsis), at: 0)
        left -= 1
      }
    }
    return out
  }

  /// How much an event line matters when the log is short: structure changes (split, merge, a blocked merge,
  /// orphans) first.
  static func eventRank(_ text: String) -> Int {
    for word in ["split", "merged", "stays split", "orphan"] where text.contains(word) { return 0 }
    return 1
  }
}
