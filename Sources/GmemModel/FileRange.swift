/// A byte range of the guest_memfd file: `OFF+LEN`, `OFF..END`, or `OFF` (one page).
///
/// Offsets are bytes into the file. Alignment is not checked here: operations check it as the kernel would.
public struct FileRange: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// First byte.
  public var offset: UInt64
  /// Length in bytes.
  public var length: UInt64

  /// A range of `length` bytes at `offset`.
  public init(offset: UInt64, length: UInt64) {
    self.offset = offset
    self.length = length
  }

  /// The bytes of the file pages `pages` (page indices).
  public init(pages: Range<Int>) {
    self.init(offset: Geometry.offset(ofPage: pages.lowerBound), length: Geometry.bytes(ofPages: pages.count))
  }

  /// The single 4 KiB page at `offset`.
  public static func page(_ offset: UInt64) -> FileRange {
    FileRange(offset: offset, length: Geometry.pageSize)
  }

  /// One past the last byte, or nil when it overflows 64 bits.
  public var end: UInt64? {
    let (sum, overflow) = offset.addingReportingOverflow(length)
    return overflow ? nil : sum
  }

  /// The pages touched by the range (rounded outward), as page indices; empty for a zero length.
  public var touchedPages: Range<UInt64> {
    guard length > 0 else { return (offset >> Geometry.pageShift)..<(offset >> Geometry.pageShift) }
    let last = (end ?? UInt64.max) - 1
    return (offset >> Geometry.pageShift)..<((last >> Geometry.pageShift) + 1)
  }

  /// True when offset and length are multiples of the page size.
  public var isPageAligned: Bool {
    Geometry.isAligned(offset, Geometry.pageSize) && Geometry.isAligned(length, Geometry.pageSize)
  }

  public var description: String { "\(hex(offset))+\(hex(length))" }
}

/// `0x...` in lower-case hexadecimal.
public func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

/// A human size: `4K`, `2M`, `1G`, `12K`, or bytes when not a multiple of 1 KiB.
public func sizeName(_ bytes: UInt64) -> String {
  let units: [(UInt64, String)] = [(1 << 40, "T"), (1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K")]
  for (unit, name) in units where bytes >= unit && bytes % unit == 0 {
    return "\(bytes / unit)\(name)"
  }
  return "\(bytes)"
}
