import Foundation
import GmemModel
import GmemScript
import Testing

/// `Assets/scenarios/policy` of this package, found from this file's path
/// (`Tests/GmemModelTests/PolicyScenarioTests.swift`).
private let policyDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Assets/scenarios/policy")

/// The scenarios of issue 10: each shows one place where the model follows the posted kernel code rather than
/// the spec. Each runs on a fresh model; every expectation must hold and the invariants after every command.
@Suite("Policy scenarios")
struct PolicyScenarioTests {
  /// Every scenario written so far, so that a missing or emptied directory cannot make the tests vacuous.
  static let scenarios = [
    "rfc1_failed_private_makes_the_range_faultable.gmem",
    "rfc1_private_of_one_page_never_merges.gmem",
    "rfc1_snp_share_after_bind_is_a_noop.gmem",
    "rfc1_unchanged_private_is_a_noop.gmem",
  ]

  @Test("every policy scenario is present")
  func scenariosArePresent() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: policyDirectory.path)) ?? []
    for name in Self.scenarios {
      #expect(names.contains(name), "\(name) is missing from \(policyDirectory.path)")
    }
  }

  @Test("policy scenario holds", arguments: scenarios)
  func replay(_ name: String) throws {
    let (commands, expectations) = try ScenarioFile(name, in: policyDirectory).replay(on: nil)
    #expect(commands > 0, "\(name) runs no command")
    #expect(expectations > 0, "\(name) checks nothing")
  }
}
