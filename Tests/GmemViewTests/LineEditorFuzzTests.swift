import GmemModel
import GmemView
import Testing

/// Random keys at the `:` line: scalars that combine in every way Unicode allows, mixed with the editing keys.
/// Whatever arrives, nothing traps, the cursor stays on the line, and the prompt is drawn cluster by cluster in
/// exactly the columns the clusters measure, with the cursor where they put it.
@Suite("Prompt editor fuzz")
struct LineEditorFuzzTests {
  /// Scalars that join or split clusters: combining marks, ZWJ, variation selectors, regional indicators, skin
  /// tones, emoji bases, CJK, Hangul jamo, ASCII, a C1 control.
  static let pools: [[UInt32]] = [
    Array(0x300...0x36F), [0x200D, 0x200B], [0xFE0E, 0xFE0F], Array(0x1F1E6...0x1F1FF), Array(0x1F3FB...0x1F3FF),
    [0x1F44D, 0x1F469, 0x1F4BB, 0x2764, 0x1F600, 0x23], Array(0x4E00...0x4E40), [0xAC00, 0x1100, 0x1161, 0x11A8],
    Array(0x20...0x7E), [0x85, 0xFF21],
  ]

  enum Edit: CaseIterable {
    case left, right, home, end, backspace, delete, killToStart, replace
  }

  static func randomScalar(_ rng: inout SplitMix64) -> Character {
    let pool = pools[Int(rng.next() % UInt64(pools.count))]
    return Character(Unicode.Scalar(pool[Int(rng.next() % UInt64(pool.count))])!)
  }

  static func apply(_ edit: Edit, to line: inout LineEditor) {
    switch edit {
    case .left: line.moveLeft()
    case .right: line.moveRight()
    case .home: line.moveToStart()
    case .end: line.moveToEnd()
    case .backspace: line.deleteBackward()
    case .delete: line.deleteForward()
    case .killToStart: line.killToStart()
    case .replace: line.replace(with: "share 0x1000 # e\u{301}日")
    }
  }

  @Test("random scalars and editing keys", arguments: 0..<16)
  func randomKeys(_ seed: Int) throws {
    var rng = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9)
    let (session, opening) = Scenario.defaultSession()
    for _ in 0..<50 {
      var line = LineEditor()
      let keys = 1 + Int(rng.next() % 60)
      for _ in 0..<keys {
        if rng.next() % 4 == 0 {
          Self.apply(Edit.allCases[Int(rng.next() % UInt64(Edit.allCases.count))], to: &line)
        } else {
          line.insert(Self.randomScalar(&rng))
        }
        #expect((0...line.characters.count).contains(line.cursor))
      }
      #expect(line.text.unicodeScalars.count == line.characters.reduce(0) { $0 + $1.unicodeScalars.count })
      var state = opening
      var prompt = CommandPrompt()
      prompt.line = line
      state.prompt = prompt
      let width = 40 + Int(rng.next() % 160)
      let screen = session.screen(state, width, 24)
      #expect(screen.lines.allSatisfy { $0.count == width })
      try Self.checkPrompt(line, on: screen)
    }
  }

  /// On a bar wide enough for the whole line: the cells after `:` hold each cluster in its width of columns, and
  /// the cursor is at the sum of the widths before it.
  static func checkPrompt(_ line: LineEditor, on screen: Screen) throws {
    let widths = line.characters.map { TextColumns.width(of: $0) }
    let total = widths.reduce(0, +)
    let y = try #require(screen.lines.lastIndex { $0.hasPrefix(":") })
    let row = screen.cells[(y * screen.width)..<((y + 1) * screen.width)].map(\.glyph)
    let styles = Array(screen.styleLines[y])
    let cursorColumns = styles.indices.filter { styles[$0] == "@" }
    let cursorColumn = try #require(cursorColumns.first)
    #expect(cursorColumn >= 1 && cursorColumn <= screen.width - 2)
    guard total + 1 <= screen.width - 2 else { return }
    var expected: [Character] = []
    for (character, width) in zip(line.characters, widths) where width > 0 {
      expected.append(TextColumns.displayed(character))
      if width == 2 { expected.append(" ") }
    }
    #expect(Array(row[1..<(1 + total)]) == expected, "\(line.characters)")
    #expect(cursorColumn == 1 + widths.prefix(line.cursor).reduce(0, +), "\(line.characters) at \(line.cursor)")
  }
}
