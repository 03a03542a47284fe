import Foundation
import GmemModel
import GmemScript
import Testing

/// `Assets/scenarios/conformance` of this package, found from this file's path.
private let conformanceDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Assets/scenarios/conformance")

/// The conformance scenarios (kernel behaviour `gmemviz diff` checks the model against) hold on the model: every
/// expectation, and the model's invariants after every command. On a kernel they run through `diff`
/// (Tests/GmemKVMTests/DiffTests.swift) and the lab runner.
@Suite("Conformance scenarios")
struct ConformanceScenarioTests {
  /// The conversion scenarios, which need a kernel with memory attributes: each must be present.
  static let conversions = [
    "upstream_convert_errors.gmem",
    "upstream_convert_punch_private.gmem",
    "upstream_convert_round_trip.gmem",
    "upstream_convert_whole_file.gmem",
  ]

  static func files() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: conformanceDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".gmem") }.sorted()
  }

  @Test func theConversionScenariosArePresent() {
    let present = Set(Self.files())
    for name in Self.conversions { #expect(present.contains(name), "\(name) is missing") }
  }

  @Test("conformance scenario holds on the model", arguments: files())
  func replay(_ name: String) throws {
    let (commands, expectations) = try ScenarioFile(name, in: conformanceDirectory).replay(on: nil)
    #expect(commands > 0 && expectations > 0, "\(name) runs or checks nothing")
  }
}
