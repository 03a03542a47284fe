/// Sizes and index arithmetic shared by every layer: a 4 KiB page, a 2 MiB block, a 1 GiB region.
///
/// A *page* is the 4 KiB index into the guest_memfd file (`pgoff`). A *block* is 512 pages (2 MiB, one PMD).
/// A *region* is 512 blocks (1 GiB, one PUD). Storage and counters are kept per block and per region whatever
/// the backing, so the view reads any aggregate in O(1).
public enum Geometry {
  /// PAGE_SIZE.
  public static let pageSize: UInt64 = 4096
  /// PAGE_SHIFT.
  @inlinable public static var pageShift: UInt64 { 12 }
  /// Pages in a 2 MiB block.
  public static let pagesPerBlock = 512
  /// Blocks in a 1 GiB region.
  public static let blocksPerRegion = 512
  /// Pages in a 1 GiB region.
  public static let pagesPerRegion = 512 * 512
  /// 2 MiB.
  public static let blockSize: UInt64 = 2 << 20
  /// 1 GiB.
  public static let regionSize: UInt64 = 1 << 30

  /// The file offset of page `page` (`page << PAGE_SHIFT`).
  @inlinable public static func offset(ofPage page: Int) -> UInt64 { UInt64(page) << pageShift }

  /// The file offset of page `page` (`page << PAGE_SHIFT`).
  @inlinable public static func offset(ofPage page: UInt64) -> UInt64 { page << pageShift }

  /// The bytes in `count` pages (`count << PAGE_SHIFT`).
  @inlinable public static func bytes(ofPages count: Int) -> UInt64 { UInt64(count) << pageShift }

  /// The bytes in `count` pages (`count << PAGE_SHIFT`).
  @inlinable public static func bytes(ofPages count: UInt64) -> UInt64 { count << pageShift }

  /// The index of the page holding file offset `offset` (`offset >> PAGE_SHIFT`).
  @inlinable public static func page(ofOffset offset: UInt64) -> Int { Int(offset >> pageShift) }

  /// True when `value` is a multiple of `alignment` (a power of two).
  @inlinable public static func isAligned(_ value: UInt64, _ alignment: UInt64) -> Bool {
    value & (alignment - 1) == 0
  }
}

/// The page size of the memory behind the file: base pages, or HugeTLB pages of 2 MiB or 1 GiB.
public enum Backing: String, Sendable, CaseIterable, Codable {
  case base4K = "4K"
  case huge2M = "2M"
  case huge1G = "1G"

  /// Bytes in one folio of this backing when it is whole.
  public var folioSize: UInt64 {
    switch self {
    case .base4K: 4096
    case .huge2M: 2 << 20
    case .huge1G: 1 << 30
    }
  }

  /// Pages in one folio when it is whole.
  public var pagesPerFolio: Int { Int(folioSize / Geometry.pageSize) }

  /// The folio order (log2 of pages).
  public var order: Int {
    switch self {
    case .base4K: 0
    case .huge2M: 9
    case .huge1G: 18
    }
  }

  /// True for HugeTLB backings.
  public var isHuge: Bool { self != .base4K }

  /// The log2 of the size, as encoded in bits 26–31 of the creation flags (`MAP_HUGE_*`, spec §5.3).
  public var sizeShift: UInt64 {
    switch self {
    case .base4K: 12
    case .huge2M: 21
    case .huge1G: 30
    }
  }

  /// The largest SPTE level a whole folio of this backing allows.
  public var spteLevel: SPTELevel {
    switch self {
    case .base4K: .pte4K
    case .huge2M: .pmd2M
    case .huge1G: .pud1G
    }
  }
}

/// The level at which KVM's secondary MMU maps a gfn.
public enum SPTELevel: UInt16, Sendable, Comparable, CaseIterable {
  case none = 0
  case pte4K = 1
  case pmd2M = 2
  case pud1G = 3

  /// Bytes covered by one SPTE at this level.
  public var size: UInt64 {
    switch self {
    case .none: 0
    case .pte4K: 4096
    case .pmd2M: 2 << 20
    case .pud1G: 1 << 30
    }
  }

  /// The name used by state words (`spte=2M`).
  public var name: String {
    switch self {
    case .none: "none"
    case .pte4K: "4K"
    case .pmd2M: "2M"
    case .pud1G: "1G"
    }
  }

  public static func < (lhs: SPTELevel, rhs: SPTELevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
