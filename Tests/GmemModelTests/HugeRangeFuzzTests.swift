import GmemModel
import Testing

/// Huge ranges on every profile (issue 14): random commands over ranges up to the whole file, on files up to 64T,
/// never crash the model and never break an invariant. 2M files stay at 64G: splitting a folio is per folio (each
/// keeps its own split cause), so a share of terabytes of 2M pages is millions of steps by design.
@Suite("Huge ranges, fuzzed")
struct HugeRangeFuzzTests {
  static let sizes: [(UInt64, Backing)] = [
    (64 << 40, .base4K), (8 << 40, .base4K), (64 << 40, .huge1G), (1 << 40, .huge1G), (64 << 30, .huge2M),
  ]

  /// An aligned range: the whole file, a half, one huge page, one page, or a random span.
  static func range(_ rng: inout SplitMix64, size: UInt64) -> FileRange {
    let unit: UInt64 = rng.chance(50) ? 1 << 30 : 4096
    let offsets: [UInt64] = [0, size / 2, UInt64(rng.below(Int(size / unit))) * unit]
    let offset = rng.pick(offsets)
    let lengths: [UInt64] = [size - offset, (size - offset) / 2, 4096, 2 << 20, 1 << 30, size]
    let length = max(4096, rng.pick(lengths) / 4096 * 4096)
    return FileRange(offset: offset, length: length)
  }

  static func command(_ rng: inout SplitMix64, size: UInt64) -> Command {
    let r = range(&rng, size: size)
    let byte = UInt8(truncatingIfNeeded: rng.next())
    switch rng.below(14) {
    case 0: return .allocate(r)
    case 1: return .punch(r)
    case 2: return .convert(r, to: .shared, content: nil)
    case 3: return .convert(r, to: .private, content: nil)
    case 4: return .hostRead(r, process: 1)
    case 5: return .hostWrite(r, byte: byte, process: rng.chance(80) ? 1 : 2)
    case 6: return .guestRead(r, access: nil)
    case 7: return .guestWrite(r, byte: byte, access: nil)
    case 8: return .pin(r)
    case 9: return .unpin(r)
    case 10: return .dontneed(r, process: 1)
    case 11: return .remove(r, process: 1)
    case 12: return rng.chance(50) ? .mmap(process: 2) : .munmap(process: 2)
    default: return .bind(BindSpec(gpa: 1 << 40, offset: r.offset, size: min(r.length, 4 << 40), slot: 2))
    }
  }

  @Test(arguments: Profile.allCases)
  func randomCommandsOverHugeRangesKeepTheInvariants(profile: Profile) {
    var rng = SplitMix64(seed: 0x14_0000 &+ UInt64(Profile.allCases.firstIndex(of: profile) ?? 0))
    for (size, backing) in Self.sizes where profile != .upstream || !backing.isHuge {
      for sequence in 0..<3 {
        let model = GuestMemfdModel()
        let flags: [GmemFlagName] =
          switch profile {
          case .rfc1: []
          case .rfc2: [.supportShared]
          case .upstream, .inplace: sequence == 0 ? [.mmap] : [.mmap, .initShared]
          }
        let setup: [Command] = [
          .profile(profile), .vm(sequence == 2 ? .default : .swProtected),
          .gmem(GmemSpec(size: size, hugetlb: backing, flagNames: flags)),
          .bind(BindSpec(size: min(size, 4 << 40))), .mmap(process: 1),
        ]
        for c in setup { _ = model.apply(c) }
        var trail: [Command] = []
        for _ in 0..<20 {
          let c = Self.command(&rng, size: size)
          trail.append(c)
          _ = model.apply(c)
          let violations = InvariantChecker.check(model)
          #expect(violations.isEmpty, "\(profile) \(sizeName(size)) \(backing): \(trail): \(violations)")
          if !violations.isEmpty { return }
        }
      }
    }
  }
}
