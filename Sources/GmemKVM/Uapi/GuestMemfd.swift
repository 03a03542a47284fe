import CGmemSys

#if canImport(Glibc)
  import Glibc
#endif

/// A guest_memfd on the running kernel. Its fd is closed when the value is released, which frees its pages unless
/// something else (a mapping, a pin, a memslot) still holds the file.
public final class GuestMemfd {
  /// The guest_memfd fd.
  public let fd: Int32
  /// The size passed to KVM_CREATE_GUEST_MEMFD (fixed for the file's life).
  public let size: UInt64
  /// The creation flags (GUEST_MEMFD_FLAG_*).
  public let flags: UInt64

  /// The page size guest_memfd works in.
  public static let pageSize: UInt64 = 4096
  /// The chunk of the allocation scan: cachestat per 2 MiB, then per page only inside partial chunks.
  public static let scanChunk: UInt64 = 2 << 20

  /// Takes ownership of `fd`, a guest_memfd of `size` bytes created with `flags`.
  public init(fd: Int32, size: UInt64, flags: UInt64) {
    self.fd = fd
    self.size = size
    self.flags = flags
  }

  deinit { closeDescriptor(fd) }

  /// A new fd on the same file (F_DUPFD_CLOEXEC), or nil when none is left.
  func duplicate() -> GuestMemfd? {
    guard let copy = try? syscall(.call("fcntl(F_DUPFD_CLOEXEC)"), { negatedErrno(fcntl(fd, F_DUPFD_CLOEXEC, 0)) })
    else { return nil }
    return GuestMemfd(fd: copy, size: size, flags: flags)
  }

  /// The number of pages in the file.
  public var pageCount: UInt64 { size / Self.pageSize }

  /// fallocate(KEEP_SIZE): allocates [offset, offset+length). EINVAL when unaligned or past EOF.
  public func allocate(offset: UInt64, length: UInt64) throws(KVMError) {
    try syscall(.call("fallocate(KEEP_SIZE)")) {
      gmem_fallocate(fd, GMEM_FALLOC_FL_KEEP_SIZE, Int64(bitPattern: offset), Int64(bitPattern: length))
    }
  }

  /// fallocate(PUNCH_HOLE|KEEP_SIZE): frees [offset, offset+length); a range at or past EOF is clamped.
  public func punchHole(offset: UInt64, length: UInt64) throws(KVMError) {
    let mode = GMEM_FALLOC_FL_PUNCH_HOLE | GMEM_FALLOC_FL_KEEP_SIZE
    try syscall(.call("fallocate(PUNCH_HOLE|KEEP_SIZE)")) {
      gmem_fallocate(fd, mode, Int64(bitPattern: offset), Int64(bitPattern: length))
    }
  }

  /// cachestat's nr_cache for [offset, offset+length): the allocated pages there. `length` 0 means to EOF.
  /// Nothing is faulted or changed.
  public func allocatedPageCount(offset: UInt64 = 0, length: UInt64 = 0) throws(KVMError) -> UInt64 {
    var out = gmem_cachestat()
    try syscall(.call("cachestat")) { gmem_cachestat(fd, offset, length, &out) }
    return out.nr_cache
  }

  /// The allocated pages as sorted, disjoint runs of page indices, read with cachestat per 2 MiB chunk and per page
  /// only inside partly allocated chunks.
  public func allocatedRuns() throws(KVMError) -> [Range<UInt64>] {
    var runs: [Range<UInt64>] = []
    func add(_ first: UInt64, _ count: UInt64) {
      if let last = runs.last, last.upperBound == first {
        runs[runs.count - 1] = last.lowerBound..<(first + count)
      } else {
        runs.append(first..<(first + count))
      }
    }
    var chunkStart: UInt64 = 0
    while chunkStart < size {
      let chunkLength = min(Self.scanChunk, size - chunkStart)
      let pages = chunkLength / Self.pageSize
      let cached = try allocatedPageCount(offset: chunkStart, length: chunkLength)
      if cached == pages {
        add(chunkStart / Self.pageSize, pages)
      } else if cached > 0 {
        for page in 0..<pages {
          let offset = chunkStart + page * Self.pageSize
          if try allocatedPageCount(offset: offset, length: Self.pageSize) > 0 {
            add(offset / Self.pageSize, 1)
          }
        }
      }
      chunkStart += chunkLength
    }
    return runs
  }
}
