import GmemModel
import Testing

/// The random sequences of `DifferentialTests` reach issue 10's behaviours 1, 2 and 4 (DifferentialPattern), so
/// the naive model checks them there too.
@Suite("Posted code coverage")
struct PostedCodeCoverageTests {
  @Test func sequencesReachEveryPatternOfIssue10() {
    var hits: [DifferentialPattern: Int] = [:]
    // The seeds `randomSequences` runs, on the designs that convert with KVM_SET_MEMORY_ATTRIBUTES.
    for batch in DifferentialTests.batches where batch.kind != .huge1G {
      for seed in batch.seeds.prefix(batch.kind == .huge2M ? 150 : 40)
      where SequenceGenerator(seed: seed).profile.policy.api == .vmAttributes {
        var run = DifferentialRun(seed: seed)
        var before: NaiveModel?
        _ = run.run(
          trace: { _, command in
            if let naive = before, let pattern = DifferentialPattern.hit(command, on: naive) {
              hits[pattern, default: 0] += 1
            }
          },
          observe: { before = $0 })
      }
    }
    for pattern in DifferentialPattern.allCases {
      #expect(hits[pattern, default: 0] >= 8, "\(pattern.rawValue): \(hits[pattern, default: 0]) hits")
    }
  }
}
