import GmemModel
import Testing

/// The random sequences of `DifferentialTests` reach the rules of issue 10's behaviours 3, 5 and 6, so the naive
/// model checks them there too, not only on the fixed scripts of `DifferentialScenarioTests`.
@Suite("Differential coverage")
struct DifferentialCoverageTests {
  /// How often the 2M sequences the differential test runs first reach each rule.
  struct Reached {
    /// A guest access or a conversion on a file closed but still mapped (not released).
    var useAfterCloseWhileMapped = 0
    /// An eviction while pages were pinned or orphaned (process 1 closes its rings).
    var evictionWithPins = 0
    /// A punch or MADV_REMOVE failed with EAGAIN, which carries no offset.
    var truncateEAGAIN = 0
  }

  static func reached(seeds: Range<UInt64>) -> Reached {
    var reached = Reached()
    for seed in seeds {
      var closedMapped = false
      var pinned = false
      var command: Command = .close
      var run = DifferentialRun(seed: seed)
      _ = run.run(
        trace: { _, next in
          command = next
          switch next {
          case .guestRead, .guestWrite, .convert: if closedMapped { reached.useAfterCloseWhileMapped += 1 }
          default: break
          }
        },
        observe: { naive in
          if pinned && naive.file == nil, case .munmap = command { reached.evictionWithPins += 1 }
          if pinned && naive.file == nil, case .close = command { reached.evictionWithPins += 1 }
          closedMapped = naive.file.map { !$0.isOpen } ?? false
          pinned = naive.file?.pages.contains { $0.pins > 0 || $0.orphans > 0 } ?? false
        })
      for (c, outcome) in run.history where outcome == .errno(.EAGAIN, at: nil) {
        switch c {
        case .punch, .remove: reached.truncateEAGAIN += 1
        default: break
        }
      }
    }
    return reached
  }

  @Test func theTwoMegabyteSequencesReachEachRule() {
    let base = DifferentialKind.huge2M.seedBase
    let reached = Self.reached(seeds: base..<(base + 150))
    #expect(reached.useAfterCloseWhileMapped > 0, "\(reached)")
    #expect(reached.evictionWithPins > 0, "\(reached)")
    #expect(reached.truncateEAGAIN > 0, "\(reached)")
    print("DifferentialCoverageTests: \(reached)")
  }
}
