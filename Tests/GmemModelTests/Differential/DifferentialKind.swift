import GmemModel

/// The kind of file a differential sequence works on.
enum DifferentialKind: String, Sendable, CaseIterable {
  /// Base pages, files of 16 KiB to 8 MiB.
  case base4K = "4K"
  /// 2 MiB HugeTLB pages, files of 2 to 16 MiB.
  case huge2M = "2M"
  /// 1 GiB HugeTLB pages, files of 1 GiB (or 2 GiB, a quarter of the time).
  case huge1G = "1G"

  /// The backing the sequence's `gmem` asks for.
  var backing: Backing {
    switch self {
    case .base4K: .base4K
    case .huge2M: .huge2M
    case .huge1G: .huge1G
    }
  }

  /// File sizes to choose from.
  var fileSizes: [UInt64] {
    switch self {
    case .base4K: [16 << 10, 64 << 10, 1 << 20, 2 << 20, (2 << 20) + (12 << 10), (4 << 20) + (8 << 10), 8 << 20]
    case .huge2M: [2 << 20, 4 << 20, 8 << 20, 12 << 20, 16 << 20]
    case .huge1G: [1 << 30, 1 << 30, 1 << 30, 2 << 30]
    }
  }

  /// Profiles a sequence may use: upstream has no HugeTLB.
  var profiles: [Profile] {
    self == .base4K ? Profile.allCases : [.rfc1, .rfc2, .inplace]
  }

  /// Operations after the setup.
  var stepRange: ClosedRange<Int> {
    self == .huge1G ? 10...16 : 15...45
  }

  /// The first seed of this kind; a seed names its kind, so it alone replays a sequence.
  var seedBase: UInt64 {
    switch self {
    case .base4K: 1_000_000
    case .huge2M: 2_000_000
    case .huge1G: 3_000_000
    }
  }

  /// The kind a seed belongs to.
  static func of(seed: UInt64) -> DifferentialKind {
    seed >= 3_000_000 ? .huge1G : seed >= 2_000_000 ? .huge2M : .base4K
  }
}
