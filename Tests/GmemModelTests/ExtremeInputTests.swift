import GmemModel
import Testing

/// Commands with hostile numbers (0, 1, page-misaligned, 2^63, UInt64.max, huge ranges) on every profile never
/// crash the model and never break an invariant: a bad input is an errno, a signal or an exit.
@Suite("Extreme inputs")
struct ExtremeInputTests {
  static let numbers: [UInt64] = [
    0, 1, 4095, 4096, 4097, 8192, 2 << 20, (2 << 20) + 4096, 1 << 30, (1 << 30) - 4096, 3 << 30, 1 << 40,
    1 << 62, 1 << 63, UInt64.max - 4095, UInt64.max,
  ]

  static func pick(_ rng: inout SplitMix64) -> UInt64 {
    rng.chance(60) ? numbers[rng.below(numbers.count)] : UInt64(rng.below(1 << 20)) << 12
  }

  static func command(_ rng: inout SplitMix64) -> Command {
    let r = FileRange(offset: pick(&rng), length: pick(&rng))
    let byte = UInt8(truncatingIfNeeded: rng.next())
    let process = rng.chance(80) ? 1 + rng.below(3) : [0, 9, Int.max][rng.below(3)]
    switch rng.below(19) {
    case 0: return .gmem(GmemSpec(size: pick(&rng), hugetlb: Backing.allCases.randomElement(using: &rng)))
    case 1: return .gmem(GmemSpec(size: pick(&rng), rawFlags: rng.next()))
    case 2: return .bind(BindSpec(gpa: pick(&rng), offset: pick(&rng), size: pick(&rng), slot: rng.below(40000) - 10))
    case 3: return .bind(BindSpec())
    case 4: return .unbind(slot: rng.below(3))
    case 5: return .mmap(process: process)
    case 6: return .munmap(process: process)
    case 7: return .allocate(r)
    case 8: return .punch(r)
    case 9: return .convert(r, to: rng.chance(50) ? .shared : .private, content: [nil, .zero, .preserve][rng.below(3)])
    case 10: return .hostRead(r, process: process)
    case 11: return .hostWrite(r, byte: byte, process: process)
    case 12: return .guestRead(r, access: [nil, .private, .shared][rng.below(3)])
    case 13: return .guestWrite(r, byte: byte, access: nil)
    case 14: return .pin(r)
    case 15: return .unpin(r)
    case 16: return .dontneed(r, process: process)
    case 17: return .remove(r, process: process)
    default: return rng.chance(10) ? .close : .pool([PoolSetting(backing: .huge1G, count: rng.below(5000))])
    }
  }

  @Test(arguments: Profile.allCases)
  func hostileCommandsNeverCrashOrBreakInvariants(profile: Profile) {
    var rng = SplitMix64(seed: 0xBAD_1DEA &+ UInt64(Profile.allCases.firstIndex(of: profile) ?? 0))
    for sequence in 0..<24 {
      let model = GuestMemfdModel()
      _ = model.apply(.profile(profile))
      _ = model.apply(.vm(VMType.allCases[sequence % VMType.allCases.count]))
      _ = model.apply(
        .gmem(
          GmemSpec(
            size: [4 << 20, 1 << 30, 2 << 30][sequence % 3],
            hugetlb: profile == .upstream ? .base4K : [.base4K, .huge2M, .huge1G][sequence % 3],
            flagNames: profile == .upstream || profile == .inplace
              ? [.mmap, .initShared] : profile == .rfc2 ? [.supportShared] : [])))
      var trail: [Command] = []
      for _ in 0..<40 {
        let c = Self.command(&rng)
        trail.append(c)
        _ = model.apply(c)
        let violations = InvariantChecker.check(model)
        if !violations.isEmpty {
          Issue.record("\(profile) sequence \(sequence): \(violations) after \(trail)")
          return
        }
      }
    }
  }
}
