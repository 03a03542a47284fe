/// A guest_memfd that another process holds, as /proc/PID/fd shows it.
public struct DiscoveredGuestMemfd: Equatable, Sendable {
  /// The fd number in that process.
  public var fd: Int32
  /// The file's inode number (st_ino), which /proc/PID/maps names for the areas that map it.
  public var inode: UInt64
  /// The file's size in bytes (st_size: the size given to KVM_CREATE_GUEST_MEMFD).
  public var size: UInt64

  /// A guest_memfd at `fd` with `inode` and `size`.
  public init(fd: Int32, inode: UInt64, size: UInt64) {
    self.fd = fd
    self.inode = inode
    self.size = size
  }
}
