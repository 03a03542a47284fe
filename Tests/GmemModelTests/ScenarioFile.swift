import Foundation
import GmemModel
import GmemScript
import Testing

/// A scenario file of `Assets/scenarios` (a talk, a selftest replay) parsed, and replayed on the model.
struct ScenarioFile {
  var name: String
  var lines: [ScriptLine]

  init(_ name: String, in directory: URL) throws {
    let path = directory.appendingPathComponent(name).path
    let bytes = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
    self.name = name
    lines = try Parser.parse(Array(bytes), file: name)
  }

  /// The profiles it must hold on: its own, or rfc1 and inplace for a script written for `gmemviz compare`,
  /// which has no `profile` line because compare sets it.
  var profiles: [Profile?] {
    let fixed = lines.contains {
      if case .command(.profile) = $0.statement { return true }
      return false
    }
    return fixed ? [nil] : [.rfc1, .inplace]
  }

  /// Seconds of `pause` at play speed 1.
  var pauseSeconds: Double {
    lines.reduce(0) {
      if case .pause(let ms) = $1.statement { return $0 + Double(ms) / 1000 }
      return $0
    }
  }

  /// Runs it on a fresh model, after `profile` when one is given. A failed expectation or a broken
  /// invariant after any command is recorded as an issue. `atStep` sees the `step` number (from 1), the
  /// model and the last command's result at each `step`. Returns how many commands and expectations ran.
  @discardableResult
  func replay(
    on profile: Profile?,
    atStep: (Int, GuestMemfdModel, OperationResult?) -> Void = { _, _, _ in }
  ) -> (commands: Int, expectations: Int) {
    let model = GuestMemfdModel()
    let runner = ScriptRunner(backend: model)
    let label = profile.map { "\(name) on \($0.rawValue)" } ?? name
    if let profile {
      let line = ScriptLine(
        number: 0, statement: .command(.profile(profile)), source: "profile \(profile.rawValue)")
      #expect(runner.execute(line).result?.outcome.succeeded == true, "\(label): profile refused")
    }
    var commands = 0
    var expectations = 0
    var steps = 0
    for line in lines {
      let record = runner.execute(line)
      switch line.statement {
      case .expect: expectations += 1
      case .step:
        steps += 1
        atStep(steps, model, runner.previous)
      default: break
      }
      if let failure = record.failure {
        Issue.record("\(label):\(line.number): \(line.source): \(failure)")
      }
      guard let result = record.result else { continue }
      commands += 1
      let violations = InvariantChecker.check(model)
      #expect(
        violations.isEmpty,
        """
        \(label):\(line.number): \(line.source) → \(result.outcome.text): invariant broken: \
        \(violations.map(\.description).joined(separator: "; "))
        """)
    }
    return (commands, expectations)
  }
}
