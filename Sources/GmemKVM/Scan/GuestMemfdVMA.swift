/// A virtual memory area that maps part of a guest_memfd in some process: `length` bytes at virtual address
/// `address`, showing the file from byte `fileOffset` on (a line of /proc/PID/maps, or this process's own mapping).
public struct GuestMemfdVMA: Equatable, Sendable {
  /// The first virtual address of the area.
  public var address: UInt64
  /// The area's length in bytes (a multiple of the page size).
  public var length: UInt64
  /// The file offset mapped at `address` (vm_pgoff in bytes).
  public var fileOffset: UInt64

  /// An area of `length` bytes at `address` that maps the file from `fileOffset`.
  public init(address: UInt64, length: UInt64, fileOffset: UInt64) {
    self.address = address
    self.length = length
    self.fileOffset = fileOffset
  }

  /// The file offsets the area maps (the end saturates at `UInt64.max`).
  public var fileRange: Range<UInt64> {
    let (end, overflow) = fileOffset.addingReportingOverflow(length)
    return fileOffset..<(overflow ? UInt64.max : end)
  }

  /// The virtual address of file offset `offset`, which must be in `fileRange`.
  public func address(ofOffset offset: UInt64) -> UInt64 { address + (offset - fileOffset) }
}
