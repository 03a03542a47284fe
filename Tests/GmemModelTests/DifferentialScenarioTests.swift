import GmemModel
import GmemScript
import Testing

/// The real model against the naive reference model on fixed scripts: the scenarios and reproducers of issue 10's
/// lifetime and error-offset rules, checked after every command as the random sequences of `DifferentialTests` are.
@Suite("Differential scenarios")
struct DifferentialScenarioTests {
  /// The scenarios of `Assets/scenarios` that show the rules.
  static let scenarios = [
    "close_while_mapped.gmem", "evicted_orphans_released.gmem", "punch_reports_no_offset.gmem",
  ]

  /// The first step where the models differ (outcome, state or invariants), or nil.
  static func firstDifference(_ lines: [ScriptLine]) -> String? {
    let real = GuestMemfdModel()
    let naive = NaiveModel()
    for line in lines {
      guard case .command(let command) = line.statement else { continue }
      let got = real.apply(command).outcome
      let want = naive.apply(command)
      let at = "line \(line.number) `\(line.source)`"
      if got != want { return "\(at): outcome: real \(got.text), naive \(want.text)" }
      if let d = StateComparison.firstDifference(real: real, naive: naive) { return "\(at): \(d)" }
      let violations = InvariantChecker.check(real)
      if !violations.isEmpty { return "\(at): invariants: \(violations.map(\.description))" }
    }
    return nil
  }

  @Test(arguments: scenarios)
  func scenarioAgrees(_ name: String) throws {
    let file = try ScenarioFile(name, in: talkDirectory)
    let difference = Self.firstDifference(file.lines)
    #expect(difference == nil, "\(name): \(difference ?? "")")
  }

  @Test(arguments: [
    ("close while mapped", FileLifetimeTests.closeWhileMapped),
    ("evicted orphans", FileLifetimeTests.evictedOrphans),
  ])
  func reproducerAgrees(_ name: String, _ script: String) throws {
    let difference = Self.firstDifference(try Parser.parse(script, file: name))
    #expect(difference == nil, "\(name): \(difference ?? "")")
  }
}
