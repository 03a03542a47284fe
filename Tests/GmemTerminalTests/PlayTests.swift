import Foundation
import GmemTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `gmemviz play`: a headless recording validated as asciicast v2, and playback in tmux stepping forward and back.
@Suite("gmemviz play", .serialized)
struct PlayTests {
  /// A short scenario with three steps, captions, pauses and a folio that splits and merges.
  static let script = """
    profile rfc1
    vm sw-protected
    pool 1G=4
    gmem 2G hugetlb=1G
    bind
    allocate 0+2G
    private 0+2G
    say "every 1 GiB folio starts private and whole"
    expect folio 0 whole
    step
    say "the guest shares one 4 KiB page: the folio splits"
    share 0x1000+4K
    expect folio 0 split
    pause 1s
    step
    say "all of folio 0 converted back: the folio merges again"
    private 0+1G
    expect folio 0 whole
    pause 500ms
    step
    """

  /// Removes the files the tests wrote.
  private static func remove(_ paths: String...) {
    for path in paths { try? FileManager.default.removeItem(atPath: path) }
  }

  private static func scriptFile() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-play-\(UUID().uuidString).gmem")
      .path
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("--headless --record writes a valid asciicast v2 with one marker per step")
  func headlessRecording() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    let cast = scenario + ".cast"
    defer { Self.remove(scenario, cast) }
    let result = Subprocess.run(
      program, ["play", scenario, "--headless", "--cols", "100", "--rows", "30", "--record", cast])
    #expect(result.status == 0, "\(result.output)")
    let recording = try Cast(path: cast)
    let header = recording.header
    #expect(header["version"] as? Int == 2)
    #expect(header["width"] as? Int == 100)
    #expect(header["height"] as? Int == 30)
    #expect((header["timestamp"] as? Int ?? 0) > 1_700_000_000)
    #expect((header["title"] as? String)?.contains("gmemviz play") == true)
    #expect(recording.timesNeverDecrease)
    #expect(recording.events.allSatisfy { ["o", "m", "r"].contains($0.kind) })
    let (markers, output, last) = (recording.markers, recording.output, recording.duration)
    #expect(
      markers == [
        "every 1 GiB folio starts private and whole", "the guest shares one 4 KiB page: the folio splits",
        "all of folio 0 converted back: the folio merges again",
      ])
    let drawsCaption = output.contains("▶ every 1 GiB folio starts private and whole")
    #expect(drawsCaption, "the captions are drawn")
    let drawsCommand = output.contains("private 0+2G → ok")
    #expect(drawsCommand, "the command is drawn beside the caption")
    // Pauses are recorded time, not slept: 1.5 s of pauses and seven operations make more than 2 s of cast.
    #expect(last > 2)
  }

  @Test("--headless without --record is a one-line error")
  func headlessNeedsRecord() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let result = Subprocess.run(program, ["play", "/dev/null", "--headless"])
    #expect(result.status != 0)
    #expect(result.output.contains("--headless needs --record FILE.cast"))
  }

  @Test(
    "play --step stops at each step; n goes on, p restores the earlier state",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func stepForwardAndBack() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    defer { Self.remove(scenario) }
    let session = try TmuxSession(program: program, arguments: ["play", scenario, "--step"], width: 120, height: 40)
    defer { session.close() }
    #expect(session.wait(for: "starts private and whole"), "the first caption:\n\(session.capture())")
    #expect(session.wait(for: "step 1 of 3"), "stops at the first step:\n\(session.capture())")
    #expect(session.capture().contains("2 whole, 0 split"))
    session.send("n")
    #expect(session.wait(for: "the folio splits"), "n goes to the next step:\n\(session.capture())")
    #expect(session.wait(for: "1 whole, 1 split"), "the share split folio 0:\n\(session.capture())")
    #expect(session.capture().contains("share 0x1000+4K → ok"), "the command shows beside the caption")
    session.send("p")
    #expect(session.wait(for: "starts private and whole"), "p goes back:\n\(session.capture())")
    #expect(session.wait(for: "2 whole, 0 split"), "p restores the state:\n\(session.capture())")
    session.send("g")
    session.send(literal: "3")
    session.send("Enter")
    #expect(session.wait(for: "merges again"), "g 3 jumps to step 3:\n\(session.capture())")
    #expect(session.wait(for: "2 whole, 0 split"))
    session.send("n")
    #expect(session.wait(for: "end · exploring"), "after the end, explore:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test(
    "play --record in the terminal writes what was shown, with a marker at each step",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func interactiveRecording() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    let cast = scenario + ".cast"
    defer { Self.remove(scenario, cast) }
    let session = try TmuxSession(
      program: program, arguments: ["play", scenario, "--step", "--record", cast], width: 100, height: 30)
    defer { session.close() }
    #expect(session.wait(for: "step 1 of 3"), "\(session.capture())")
    session.send("n")
    #expect(session.wait(for: "step 2 of 3"), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
    let recording = try Cast(path: cast)
    #expect(recording.header["width"] as? Int == 100 && recording.header["height"] as? Int == 30)
    #expect(recording.markers.count == 2, "steps 1 and 2 were reached: \(recording.markers)")
    #expect(recording.output.contains("starts private and whole"))
  }

  @Test("export --svg writes the screen after a step: valid XML, a rect per cell, every page cell of the map")
  func exportSVG() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.scriptFile()
    let svg = scenario + ".svg"
    defer { Self.remove(scenario, svg) }
    let result = Subprocess.run(
      program, ["export", scenario, "--svg", svg, "--at", "2", "--cols", "100", "--rows", "40"])
    #expect(result.status == 0, "\(result.output)")
    let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: svg)))
    let collector = RectCollector()
    parser.delegate = collector
    #expect(parser.parse(), "the SVG parses: \(String(describing: parser.parserError))")
    #expect(collector.root == "svg")
    #expect(collector.cells.count == 100 * 40, "one rect per cell")
    #expect(collector.cells.allSatisfy { $0.fill.hasPrefix("#") && $0.fill.count == 7 })
    // At step 2 folio 0 is split: the file zoom's 2 cells, the folio zoom's 512 and the block zoom's 512 are page
    // cells (the legend adds a sample of each style; the cursor cell is drawn as the cursor).
    let pageStyles: Set = [
      "hole", "private", "shared", "sharedMapped", "faultablePrivate", "sharedUnfaultable", "pinned", "spte", "orphan",
      "mixed",
    ]
    let pageCells = collector.cells.filter { pageStyles.contains($0.style) }.count
    #expect(pageCells >= 2 + 512 + 512 - 3 && pageCells <= 2 + 512 + 512 + 20, "\(pageCells) page cells")
    #expect(collector.text.contains("the guest shares one 4 KiB page: the folio splits"), "the caption of step 2")
    let bad = Subprocess.run(program, ["export", scenario, "--svg", svg, "--at", "9"])
    #expect(bad.status == 2)
    #expect(bad.output.contains("--at 9: \(scenario) has 3 steps"))
  }

  /// The built-in compare scenario, found from the package root.
  static var compareScenario: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Assets/scenarios/compare_convert_while_mapped.gmem").path
  }

  @Test("compare --list names the step whose outcome differs between rfc1 and inplace")
  func compareList() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let result = Subprocess.run(program, ["compare", Self.compareScenario, "--profiles", "rfc1,inplace", "--list"])
    #expect(result.status == 1, "differences exit 1: \(result.output)")
    let lines = result.output.split(separator: "\n").map(String.init)
    let converting = try #require(lines.firstIndex { $0.hasSuffix(".gmem:60: private 0x1000") }, "\(result.output)")
    #expect(lines[converting + 1] == "  rfc1:    EINVAL")
    #expect(lines[converting + 2] == "  inplace: EAGAIN at 0x1000")
    let same = Subprocess.run(program, ["compare", Self.compareScenario, "--profiles", "rfc1,rfc1", "--list"])
    #expect(same.status == 0, "one profile against itself differs nowhere: \(same.output)")
    let withProfile = try Self.scriptFile()
    defer { Self.remove(withProfile) }
    let refused = Subprocess.run(program, ["compare", withProfile, "--list"])
    #expect(refused.status == 2)
    #expect(refused.output.contains(":1: `profile rfc1`: compare sets the profile itself; remove this line"))
  }

  @Test(
    "compare shows both profiles side by side and marks a differing outcome",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func compareSideBySide() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["compare", Self.compareScenario, "--step"], width: 200, height: 50)
    defer { session.close() }
    #expect(session.wait(for: "rfc1 | inplace"), "\(session.capture())")
    #expect(session.capture().contains("· rfc1 ·") && session.capture().contains("· inplace ·"))
    session.send("g")
    session.send(literal: "3")
    session.send("Enter")
    #expect(
      session.wait(for: "≠ line 60 `private 0x1000`: rfc1 → EINVAL · inplace → EAGAIN at 0x1000"),
      "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  @Test(
    "compare takes the map's keys from the one key table: ? opens the playback keys' help, Esc closes it, j moves",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func compareHelpAndKeys() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let session = try TmuxSession(
      program: program, arguments: ["compare", Self.compareScenario, "--step"], width: 80, height: 24)
    defer { session.close() }
    // With --step it plays to the first `step` and waits there (a played line moves the cursor to what it changed).
    #expect(session.wait(for: "· step 1 "), "\(session.capture())")
    session.send("?")
    #expect(session.wait(for: "g N Enter go to step N"), "? should open the help:\n\(session.capture())")
    session.send("Escape")
    #expect(session.wait { !$0.contains("g N Enter go to step N") }, "Esc should close it:\n\(session.capture())")
    session.send("j")
    #expect(session.wait(for: "0x2000000 "), "j should move both cursors a row down:\n\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }

  /// A built-in scenario, found from the package root.
  static func scenario(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Assets/scenarios/\(name)").path
  }

  /// The caption shown at each `step` of `path`: the last `say` before it.
  static func stepCaptions(_ path: String) throws -> [String] {
    var caption = ""
    var captions: [String] = []
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("say \""), text.hasSuffix("\"") { caption = String(text.dropFirst(5).dropLast()) }
      if text == "step" { captions.append(caption) }
    }
    return captions
  }

  @Test("the tour records headless with one marker per step, labelled with its caption")
  func tourRecording() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let tour = Self.scenario("tour.gmem")
    let cast = FileManager.default.temporaryDirectory.appendingPathComponent("tour-\(UUID().uuidString).cast").path
    defer { Self.remove(cast) }
    let result = Subprocess.run(
      program, ["play", tour, "--headless", "--theme", "presentation", "--record", cast])
    #expect(result.status == 0, "every expectation of the tour holds: \(result.output)")
    let recording = try Cast(path: cast)
    #expect(recording.timesNeverDecrease)
    let (markers, last) = (recording.markers, recording.duration)
    let captions = try Self.stepCaptions(tour)
    #expect(captions.count >= 12 && captions.count <= 20)
    #expect(markers == captions)
    #expect(last > 60, "a talk-length recording: \(last) s")
    // asciinema itself reads it back (`asciinema cat` replays every output event to stdout).
    if Subprocess.run("asciinema", ["--version"]).status == 0 {
      let replay = Subprocess.run("asciinema", ["cat", cast])
      #expect(replay.status == 0, "asciinema cannot play the recording: \(replay.output.suffix(500))")
      #expect(replay.output.contains("▶ "), "the replay draws the captions")
    } else {
      print("PlayTests: asciinema is not installed; the playback check of the recording is skipped")
    }
  }

  @Test(
    "the tour with --step: forward and back show each step's caption and state",
    .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
  func tourStepping() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let tour = Self.scenario("tour.gmem")
    let captions = try Self.stepCaptions(tour)
    let session = try TmuxSession(
      program: program, arguments: ["play", tour, "--step", "--theme", "presentation"], width: 100, height: 30)
    defer { session.close() }
    let count = captions.count
    #expect(session.wait(for: "step 1 of \(count)"), "\(session.capture())")
    #expect(session.capture().contains(captions[0]))
    session.send("g")
    session.send(literal: "6")
    session.send("Enter")
    #expect(session.wait(for: "step 6 of \(count)"), "\(session.capture())")
    #expect(session.capture().contains(captions[5]))
    #expect(session.capture().contains("3 whole, 1 split"), "folio 0 has split:\n\(session.capture())")
    session.send("p")
    #expect(session.wait(for: "step 5 of \(count)"), "\(session.capture())")
    #expect(session.capture().contains(captions[4]))
    #expect(session.wait(for: "4 whole, 0 split"), "back to every folio whole:\n\(session.capture())")
    session.send("n")
    #expect(session.wait(for: "step 6 of \(count)"), "\(session.capture())")
    session.send("q")
    session.expectExit(status: 0)
  }
}

/// The `rect class="cell STYLE"` elements and the text of an SVG.
private final class RectCollector: NSObject, XMLParserDelegate {
  var root: String?
  var cells: [(style: String, fill: String)] = []
  var text = ""

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if root == nil { root = elementName }
    if elementName == "rect", let classes = attributes["class"]?.split(separator: " "), classes.first == "cell" {
      cells.append((classes.count > 1 ? String(classes[1]) : "", attributes["fill"] ?? ""))
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    text += string
  }
}
