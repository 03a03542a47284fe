/// A per-page state word of the language (SCENARIO.md "State WORDs"), used by `expect page`, the inspector
/// and `attach --list`.
public enum StateWord: Equatable, Hashable, Sendable, CustomStringConvertible {
  case shared, `private`
  case faultable, unfaultable
  case allocated, hole
  case mapped, unmapped
  case pinned, unpinned
  case spte, noSPTE
  /// `spte=4K|2M|1G`.
  case spteLevel(SPTELevel)
  case orphan

  /// Parses a word as written in a script; nil when it is not one.
  public init?(word: String) {
    switch word {
    case "shared": self = .shared
    case "private": self = .private
    case "faultable": self = .faultable
    case "unfaultable": self = .unfaultable
    case "allocated": self = .allocated
    case "hole": self = .hole
    case "mapped": self = .mapped
    case "unmapped": self = .unmapped
    case "pinned": self = .pinned
    case "unpinned": self = .unpinned
    case "spte": self = .spte
    case "no-spte": self = .noSPTE
    case "spte=4K", "spte=4k": self = .spteLevel(.pte4K)
    case "spte=2M", "spte=2m": self = .spteLevel(.pmd2M)
    case "spte=1G", "spte=1g": self = .spteLevel(.pud1G)
    case "orphan": self = .orphan
    default: return nil
    }
  }

  /// Every word, in the order the language lists them.
  public static let all: [StateWord] = [
    .shared, .private, .faultable, .unfaultable, .allocated, .hole, .mapped, .unmapped, .pinned,
    .unpinned,
    .spte, .noSPTE, .spteLevel(.pte4K), .spteLevel(.pmd2M), .spteLevel(.pud1G), .orphan,
  ]

  public var description: String {
    switch self {
    case .shared: "shared"
    case .private: "private"
    case .faultable: "faultable"
    case .unfaultable: "unfaultable"
    case .allocated: "allocated"
    case .hole: "hole"
    case .mapped: "mapped"
    case .unmapped: "unmapped"
    case .pinned: "pinned"
    case .unpinned: "unpinned"
    case .spte: "spte"
    case .noSPTE: "no-spte"
    case .spteLevel(let level): "spte=\(level.name)"
    case .orphan: "orphan"
    }
  }
}

/// A global counter of `expect count` (SCENARIO.md).
public enum CounterName: String, Sendable, CaseIterable, Codable {
  case pages, allocated, shared, `private`, faultable, mapped, pinned, spte
  case wholeFolios = "whole-folios"
  case splitFolios = "split-folios"
  case poolFree = "pool-free"
  case poolResv = "pool-resv"
  /// Bytes of vmemmap restored by splitting HugeTLB folios (HVO undone); an extension of SCENARIO.md's list.
  case vmemmapRestored = "vmemmap-restored"
}
