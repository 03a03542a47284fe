import GmemModel
import GmemView
import Testing

@Suite("Themes, keys, changed pages")
struct ThemeAndKeyTests {
  @Test("the playback keys are one table: each key takes its row's action, no key is bound twice, help lists them")
  func playbackKeysAreOneTable() {
    var seen: Set<Key> = []
    for binding in KeyHelp.playBindings {
      for key in binding.keys {
        #expect(!seen.contains(key), "\(key) is bound twice")
        seen.insert(key)
        #expect(KeyHelp.playbackAction(for: key) == binding.action, "\(key)")
      }
    }
    #expect(KeyHelp.playbackAction(for: .character("x")) == nil)
    #expect(KeyHelp.playbackAction(for: .character("-")) == .slower)
    #expect(KeyHelp.playHelp.map(\.keys).contains("g N Enter"))
    #expect(!KeyHelp.playHelp.map(\.keys).contains(""))
  }

  @Test func monoUsesNoColour() {
    for style in Style.allCases {
      #expect(Theme.mono.attributes(for: style).isMonochrome, "\(style)")
    }
  }

  @Test(arguments: Theme.allCases)
  func mapStatesLookDistinct(_ theme: Theme) {
    let states: [Style] = [
      .hole, .private, .shared, .sharedMapped, .faultablePrivate, .sharedUnfaultable, .pinned, .spte, .orphan,
      .violation, .mixed,
    ]
    let looks = states.map { theme.attributes(for: $0) }
    if theme != .mono { #expect(Set(looks).count == states.count) }
    #expect(theme.attributes(for: .cursor) != theme.attributes(for: .private))
  }

  @Test func styleCodesAreUnique() {
    #expect(Set(Style.allCases.map(\.code)).count == Style.allCases.count)
  }

  @Test func everyActionHasOneBindingAndNoKeyIsBoundTwice() {
    for action in KeyAction.allCases {
      #expect(KeyHelp.bindings.filter { $0.action == action }.count == 1, "\(action)")
    }
    let keys = KeyHelp.bindings.flatMap(\.keys)
    #expect(Set(keys).count == keys.count)
    #expect(KeyHelp.action(for: .character("s")) == .share)
    #expect(KeyHelp.action(for: .control("r")) == .redo)
    #expect(KeyHelp.action(for: .character("?")) == .help)
    #expect(KeyHelp.action(for: .enter) == .zoomIn)
    #expect(KeyHelp.action(for: .character("Z")) == nil)
  }

  @Test("keys the terminal decodes but the table does not bind do nothing, and are named in help")
  func unboundKeys() {
    let unbound: [Key] = [.delete, .insert, .backTab, .function(13), .other("kUP5"), .control("x")]
    for key in unbound { #expect(KeyHelp.action(for: key) == nil, "\(key)") }
    #expect(unbound.map(\.label) == ["Del", "Ins", "Shift-Tab", "F13", "kUP5", "Ctrl-X"])
    #expect(KeyHelp.action(for: .function(1)) == .help)
  }

  @Test func operationKeysBuildCommands() {
    let r = FileRange(offset: 0x1000, length: 0x2000)
    #expect(KeyAction.share.command(for: r) == .convert(r, to: .shared, content: nil))
    #expect(KeyAction.makePrivate.command(for: r) == .convert(r, to: .private, content: nil))
    #expect(KeyAction.hostWrite.command(for: r) == .hostWrite(r, byte: 0xaa, process: nil))
    #expect(KeyAction.punch.command(for: r) == .punch(r))
    #expect(KeyAction.quit.command(for: r) == nil)
    let operations = KeyAction.allCases.filter(\.isOperation)
    #expect(operations.count == 14)
    #expect(operations.allSatisfy { KeyHelp.binding(for: $0)?.group == .operate })
  }

  @Test func changedPagesFollowTheEvents() {
    let session = ScriptedSession("share 0x1000")
    // Faultability and attributes on page 1, and the split of folio 0: the whole folio flashes.
    #expect(session.changed == [0..<Geometry.pagesPerRegion])
    var more = session
    more.run("share 0x300000+8K\nmmap\nhost write 0x300000+8K 0xaa")
    #expect(more.changed == [768..<770])
  }

  @Test func logEntriesSayWhatAnErrnoMeans() {
    let session = ScriptedSession("share 0x1001")
    let entry = session.log.last!
    #expect(!entry.succeeded)
    #expect(entry.outcomeText == "EINVAL (invalid argument)")
    #expect(entry.detail != nil)
  }
}
