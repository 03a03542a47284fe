import Foundation
import GmemTestSupport
import Testing

/// Issue 14's playback-time reproducers on the real binary: pauses too long for the clock are parse errors, and
/// speeds too small to mean anything are refused, never a trap.
@Suite("Playback time end to end")
struct PlaybackTimeEndToEndTests {
  private static func file(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-time-\(UUID().uuidString).gmem")
      .path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(
    "pause 0xffffffffffffffffms, and two pause 0x7fffffffffffffffms lines: file:line:col and the maximum, exit 2",
    arguments: [
      ("pause 0xffffffffffffffffms\n", "duration too long '0xffffffffffffffffms'"),
      ("pause 0x7fffffffffffffffms\npause 0x7fffffffffffffffms\n", "duration too long '0x7fffffffffffffffms'"),
    ])
  func pauseTooLong(_ script: String, _ message: String) throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.file(script)
    let cast = scenario + ".cast"
    defer { for path in [scenario, cast] { try? FileManager.default.removeItem(atPath: path) } }
    for arguments in [
      ["play", scenario, "--headless", "--record", cast], ["play", scenario], ["compare", scenario, "--list"],
      ["run", scenario],
    ] {
      let result = Subprocess.run(program, arguments)
      #expect(result.status == 2, "\(arguments): \(result.output)")
      #expect(
        result.output == "\(scenario):1:7: \(message) (at most 24 hours: 86400s or 86400000ms)\n",
        "\(arguments)")
    }
  }

  @Test("a pause of exactly a day plays headless and is recorded as a day", arguments: ["86400s", "86400000ms"])
  func pauseOfADay(_ duration: String) throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.file("pause \(duration)\n")
    let cast = scenario + ".cast"
    defer { for path in [scenario, cast] { try? FileManager.default.removeItem(atPath: path) } }
    let result = Subprocess.run(program, ["play", scenario, "--headless", "--record", cast])
    #expect(result.status == 0, "\(result.output)")
    #expect(try Cast(path: cast).duration == 86_400)
  }

  @Test(
    "--speed 1e-15 and 1e-17 on play --headless are refused in one line naming the range, not a trap",
    arguments: ["1e-15", "1e-17"])
  func tinySpeed(_ speed: String) throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.file("gmem 2M hugetlb=4K\nallocate 0+4K\npause 1s\n")
    let cast = scenario + ".cast"
    defer { for path in [scenario, cast] { try? FileManager.default.removeItem(atPath: path) } }
    let result = Subprocess.run(program, ["play", scenario, "--headless", "--record", cast, "--speed", speed])
    #expect(result.status != 0 && result.status < 128, "refused, not killed by a signal: \(result.output)")
    let first = result.output.split(separator: "\n").first ?? ""
    #expect(first.contains("--speed \(speed): must be a number from 0.01 to 64"), "\(result.output)")
    #expect(result.status == 2, "exit \(result.status)")
  }

  @Test("--speed 0.01, the slowest, plays headless: each operation stays 60 s, a pause of 1 s lasts 100 s")
  func slowestSpeed() throws {
    let program = try #require(BuiltProgram.gmemviz, "gmemviz is not built next to the tests")
    let scenario = try Self.file("gmem 2M hugetlb=4K\nallocate 0+4K\npause 1s\n")
    let cast = scenario + ".cast"
    defer { for path in [scenario, cast] { try? FileManager.default.removeItem(atPath: path) } }
    let result = Subprocess.run(program, ["play", scenario, "--headless", "--record", cast, "--speed", "0.01"])
    #expect(result.status == 0, "\(result.output)")
    #expect(try Cast(path: cast).duration == 220)
  }
}
