import Foundation
import GmemModel
import GmemScript
import Testing

/// `Assets/scenarios/selftests` of this package, found from this file's path
/// (`Tests/GmemModelTests/SelftestScenarioTests.swift`).
private let selftestDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Assets/scenarios/selftests")

/// Scenarios whose expectations match the spec but not the model yet; they wait here for a model fix and
/// are not run.
private let pendingDirectory = selftestDirectory.appendingPathComponent("pending")

/// The `*.gmem` files directly in `directory`, sorted; empty when it does not exist.
private func scenarioFiles(in directory: URL) -> [String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
  return names.filter { $0.hasSuffix(".gmem") }.sorted()
}

/// Replays of the kernel selftests of spec §4 as scripts: each one runs on a fresh model, every expectation
/// must hold, and the model's invariants must hold after every command.
@Suite("Selftest scenarios")
struct SelftestScenarioTests {
  /// Every selftest replay written so far. Each must be in the directory (or in `pending/`, waiting for a
  /// model fix), so that a missing or emptied directory cannot make the parameterized test vacuous.
  static let replays = [
    "inplace_guest_memfd_conversions_test_before_allocation_private.gmem",
    "inplace_guest_memfd_conversions_test_before_allocation_shared.gmem",
    "inplace_guest_memfd_conversions_test_elevated_refcount.gmem",
    "inplace_guest_memfd_conversions_test_forked_accesses.gmem",
    "inplace_guest_memfd_conversions_test_indexing.gmem",
    "inplace_guest_memfd_conversions_test_init_private.gmem",
    "inplace_guest_memfd_conversions_test_init_shared.gmem",
    "inplace_guest_memfd_conversions_test_truncate.gmem",
    "inplace_guest_memfd_conversions_test_unallocated_folios.gmem",
    "rfc1_guest_memfd_hugetlb_reporting_test_1g.gmem",
    "rfc1_guest_memfd_hugetlb_reporting_test_2m.gmem",
    "rfc1_guest_memfd_pin_test.gmem",
    "rfc1_guest_memfd_sharing_test.gmem",
    "rfc1_guest_memfd_test_1g.gmem",
    "rfc1_guest_memfd_test_2m.gmem",
    "rfc1_guest_memfd_test_4k.gmem",
    "upstream_guest_memfd_test_default.gmem",
    "upstream_guest_memfd_test_guest.gmem",
    "upstream_guest_memfd_test_sw_protected.gmem",
    "upstream_private_mem_conversions_test.gmem",
  ]

  @Test("every selftest replay is present")
  func replaysArePresent() {
    let present = Set(scenarioFiles(in: selftestDirectory))
    let pending = Set(scenarioFiles(in: pendingDirectory))
    for name in Self.replays {
      #expect(
        present.contains(name) || pending.contains(name),
        "\(name) is missing from \(selftestDirectory.path)")
    }
    #expect(!present.isEmpty, "no scenario to run in \(selftestDirectory.path)")
  }

  @Test("selftest replay holds", arguments: scenarioFiles(in: selftestDirectory))
  func replay(_ name: String) throws {
    let (commands, expectations) = try ScenarioFile(name, in: selftestDirectory).replay(on: nil)
    #expect(commands > 0, "\(name) runs no command")
    #expect(expectations > 0, "\(name) checks nothing")
  }
}
