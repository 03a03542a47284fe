import GmemModel
import Testing

/// `RunMap` against a dictionary per index, on random updates over a small span.
@Suite("Run map")
struct RunMapTests {
  @Test func randomUpdatesAgreeWithAValuePerIndex() {
    var rng = SplitMix64(seed: 14)
    for _ in 0..<200 {
      var map = RunMap<Int>()
      var naive: [Int: Int] = [:]
      for _ in 0..<30 {
        let lo = rng.below(64)
        let range = lo..<(lo + rng.below(20))
        let op = rng.below(3)
        let v = rng.below(3)
        let transform: (Int?) -> Int? =
          switch op {
          case 0: { _ in v == 0 ? nil : v }
          case 1: { ($0 ?? 0) + 1 }
          default: { $0.flatMap { $0 == 1 ? nil : $0 - 1 } }
          }
        map.update(range, transform)
        for i in range { naive[i] = transform(naive[i]) }
        for i in 0..<90 { #expect(map[i] == naive[i], "index \(i)") }
        // Runs are sorted, disjoint, non-empty, and neighbours that touch hold different values.
        for (a, b) in zip(map.runs, map.runs.dropFirst()) {
          #expect(a.range.upperBound <= b.range.lowerBound)
          #expect(a.range.upperBound < b.range.lowerBound || a.value != b.value)
        }
        #expect(map.runs.allSatisfy { !$0.range.isEmpty })
        #expect(map.total(in: 0..<90) { $0 } == naive.values.reduce(0, +))
      }
    }
  }

  @Test func aValueOverAHugeRangeIsOneRun() {
    var map = RunMap<Int>()
    map.set(0..<(1 << 34), to: 1)
    map.update(0..<(1 << 34)) { ($0 ?? 0) + 1 }
    map.update(5..<10) { _ in 2 }
    #expect(map.runs.count == 1)
    map.set(5..<10, to: nil)
    #expect(map.runs.count == 2)
    #expect(map[4] == 2 && map[5] == nil && map[10] == 2)
  }
}
