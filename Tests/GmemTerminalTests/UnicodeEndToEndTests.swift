import Foundation
import GmemTestSupport
import Testing

/// Text that is not one column per Unicode scalar, end to end: a decomposed accent typed at `:`, and captions
/// with an accent, CJK and emoji, played headless and in the terminal.
@Suite("Unicode input end to end", .serialized)
struct UnicodeEndToEndTests {
  /// A script whose captions hold a decomposed é, CJK and emoji.
  static let script = """
    gmem 2M hugetlb=4K
    say "cafe\u{301}"
    allocate 0+4K
    say "cafe\u{301} 日本語のキャプション 👍🏽 🇺🇸 \(String(repeating: "e\u{301}日👍🏽", count: 40))"
    step
    """

  private static func scriptFile() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gmemviz-unicode-\(UUID().uuidString).gmem").path
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(
    ": then e, U+0301, x and Enter: the app stays up and shows one line of parse error",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func decomposedAccentAtThePrompt() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program)
    defer { session.close() }
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame:\n\(session.capture())")
    session.send(":")
    session.send(literal: "e")
    session.send(literal: "\u{301}")
    session.send(literal: "x")
    session.send("Enter")
    #expect(session.wait(for: "col 1: unknown command"), "the error in place:\n\(session.capture())")
    let errors = session.lines().filter { $0.contains("unknown command") }
    #expect(errors.count == 1, "one line of error:\n\(session.capture())")
    // Still alive: the line is edited on, closed, and the map answers keys.
    session.send("BSpace")
    session.send("BSpace")
    session.send("Escape")
    session.send("l")
    #expect(session.wait(for: "page 0x200000"), "the app answers keys:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test(
    ": then CJK and emoji: drawn in two columns each, the rest of the line after them",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func wideCharactersAtThePrompt() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program)
    defer { session.close() }
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame:\n\(session.capture())")
    session.send(":")
    session.send(literal: "日本👍x")
    #expect(session.wait { Self.promptRow($0) == ":日本👍x" }, "the line:\n\(session.capture())")
    session.send("Escape")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test(
    "a paste of 5,000 characters at : then Backspace and Ctrl-U: shown at once, edited, the app stays up",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func pasteThenBackspaceAndKill() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(program: program, width: 100, height: 30)
    defer { session.close() }
    #expect(session.wait(for: "8 whole, 0 split"), "no first frame:\n\(session.capture())")
    session.send(":")
    // 4,999 clusters (e + U+0301 is one), then a Z to see the end by.
    let paste = String(repeating: "share e\u{301}日👍🏽 ", count: 500).prefix(4999) + "Z"
    #expect(paste.count == 5000)
    session.send(literal: String(paste))
    // It took 31 s in a debug build when every key drew a frame and copied the line; now well under a second.
    #expect(session.wait(seconds: 10) { Self.promptRow($0).hasSuffix("Z") }, "the paste's end:\n\(session.capture())")
    session.send("BSpace")
    #expect(session.wait { !Self.promptRow($0).contains("Z") }, "Backspace deletes it:\n\(session.capture())")
    session.send("C-u")
    #expect(session.wait { Self.promptRow($0) == ":" }, "Ctrl-U empties the line:\n\(session.capture())")
    session.send("Escape")
    session.send("q")
    session.expectExit(status: 0)
  }

  /// The `:` row of a captured screen, without trailing spaces.
  static func promptRow(_ screen: String) -> String {
    let row = screen.split(separator: "\n").last { $0.hasPrefix(":") } ?? ""
    return String(row.reversed().drop { $0 == " " }.reversed())
  }

  @Test("play --headless of captions with a decomposed é, CJK and emoji records them without a crash")
  func headlessCaptions() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    let cast = scenario + ".cast"
    defer { for path in [scenario, cast] { try? FileManager.default.removeItem(atPath: path) } }
    for cols in ["80", "41"] {
      let result = Subprocess.run(program, ["play", scenario, "--headless", "--cols", cols, "--record", cast])
      #expect(result.status == 0, "\(result.output)")
      let recording = try Cast(path: cast)
      #expect(recording.output.contains("▶ cafe\u{301}"), "the caption is drawn")
      #expect(recording.output.contains("日本語"))
    }
  }

  @Test(
    "play in the terminal shows the captions; after the end, :say \"café\" typed with a decomposed é sets one",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func playedCaptions() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    defer { try? FileManager.default.removeItem(atPath: scenario) }
    let session = try TmuxSession(program: program, arguments: ["play", scenario, "--speed", "8"])
    defer { session.close() }
    #expect(session.wait(for: "end · exploring"), "played to the end:\n\(session.capture())")
    #expect(session.capture().contains("▶ cafe\u{301} 日本語のキャプション"), "the caption:\n\(session.capture())")
    session.send(":")
    for scalar in "say \"cafe\u{301}!\"".unicodeScalars { session.send(literal: String(scalar)) }
    session.send("Enter")
    #expect(session.wait(for: "\u{301}!"), "the new caption:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }
}
