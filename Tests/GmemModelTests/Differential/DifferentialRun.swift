import GmemModel
import GmemScript

/// One seeded sequence applied to the real model and the naive model side by side, checked after every step.
struct DifferentialRun {
  let seed: UInt64
  /// Commands applied, with the real model's outcome.
  private(set) var history: [(Command, Outcome)] = []

  init(seed: UInt64) { self.seed = seed }

  /// Runs the sequence; returns nil when the models agreed throughout, else a replayable failure report.
  /// `trace`, when given, sees each command before it is applied; `observe` sees the naive model after it.
  mutating func run(trace: ((Int, Command) -> Void)? = nil, observe: ((NaiveModel) -> Void)? = nil) -> String? {
    var generator = SequenceGenerator(seed: seed)
    let real = GuestMemfdModel(settings: generator.settings)
    let naive = NaiveModel(
      hvo: generator.settings.hvo, vmemmapRestoreFails: generator.settings.vmemmapRestoreFails,
      emulatedGuestAccess: generator.settings.emulatedGuestAccess)
    var step = 0
    while step < generator.setupLength + generator.steps {
      let command = generator.next(naive: naive)
      trace?(step + 1, command)
      let got = real.apply(command).outcome
      let want = naive.apply(command)
      history.append((command, got))
      observe?(naive)
      step += 1
      if got != want { return report(step, "outcome: real \(got.text), naive \(want.text)") }
      if let difference = StateComparison.firstDifference(real: real, naive: naive) {
        return report(step, difference)
      }
      let violations = InvariantChecker.check(real)
      if !violations.isEmpty {
        return report(step, "invariants: " + violations.map(\.description).joined(separator: "; "))
      }
    }
    return nil
  }

  /// The failure with everything needed to replay it: the seed, the step, and the script so far.
  private func report(_ step: Int, _ difference: String) -> String {
    let kind = DifferentialKind.of(seed: seed)
    let settings = SequenceGenerator(seed: seed).settings
    var lines = [
      "differential mismatch: seed \(seed) (\(kind.rawValue) files), step \(step): \(difference)",
      "settings: hvo \(settings.hvo), vmemmapRestoreFails \(settings.vmemmapRestoreFails), "
        + "emulatedGuestAccess \(settings.emulatedGuestAccess)",
      "replay: GMEM_DIFF_SEED=\(seed) swift test --scratch-path .build-diff --filter replaySeed",
      "script (gmemviz run; real model's outcome after #):",
    ]
    for (i, (command, outcome)) in history.enumerated() {
      let text = Statement.command(command).text
      lines.append("\(text)\(String(repeating: " ", count: max(1, 48 - text.count)))# \(i + 1): \(outcome.text)")
    }
    return lines.joined(separator: "\n")
  }
}
