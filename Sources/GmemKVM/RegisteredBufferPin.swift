import CGmemSys

#if canImport(Glibc)
  import Glibc
#endif

/// One io_uring instance whose registered buffers long-term pin consecutive pages of this process's mapping
/// (kernel-here §5): IORING_REGISTER_BUFFERS takes a FOLL_LONGTERM pin on each page, faulting it in first, as GUP
/// does. Every page is its own one-page buffer, so one page can be unpinned alone (IORING_REGISTER_BUFFERS_UPDATE
/// with an empty iovec) while the others stay pinned.
///
/// At most `capacity` pages. The rest are unpinned synchronously (IORING_UNREGISTER_BUFFERS) and the ring fd closed
/// when the value is released: closing the fd alone would drop the pins later, from a kernel workqueue.
final class RegisteredBufferPin {
  /// The most pages one ring pins: IORING_MAX_REG_BUFFERS one-page buffers.
  static let capacity = Int(GMEM_IORING_MAX_REG_BUFFERS)

  /// The ring fd.
  let fd: Int32
  /// The pages registered, slot `i` holding the page at `address + i * 4096`.
  let pageCount: Int
  /// The slots still pinning their page.
  private(set) var pinnedCount: Int

  /// A ring pinning the `pageCount` pages from `address` (page aligned, 1...`capacity` pages). Throws the errno of
  /// io_uring_setup or of the registration (EFAULT when a page cannot be faulted in).
  init(address: UInt64, pageCount: Int) throws(KVMBackendFailure) {
    var params = gmem_io_uring_params()
    // Set up on a helper thread, so that closing the ring cannot interrupt a later syscall of this one with EINTR.
    let ring = gmem_io_uring_setup_on_helper_thread(1, &params)
    guard ring >= 0 else { throw .kernel("io_uring_setup", -ring) }
    let pageSize = GuestMemfd.pageSize
    let iovecs = (0..<pageCount).map { i in
      iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address + UInt64(i) * pageSize)), iov_len: Int(pageSize))
    }
    let result = gmem_io_uring_register_buffers(ring, iovecs, UInt32(pageCount))
    guard result == 0 else {
      _ = gmem_close(ring)
      throw .kernel("IORING_REGISTER_BUFFERS", -result)
    }
    fd = ring
    self.pageCount = pageCount
    pinnedCount = pageCount
  }

  deinit {
    _ = gmem_io_uring_register(fd, GMEM_IORING_UNREGISTER_BUFFERS, nil, 0)
    _ = gmem_close(fd)
  }

  /// Unpins the pages of `slots` (each still pinned) by emptying their slots, at once.
  func unpin(slots: Range<Int>) throws(KVMBackendFailure) {
    let empty = [iovec](repeating: iovec(iov_base: nil, iov_len: 0), count: slots.count)
    let result = gmem_io_uring_update_buffers(fd, UInt32(slots.lowerBound), empty, UInt32(slots.count))
    if result > 0 { pinnedCount -= Int(result) }
    guard result == slots.count else {
      throw .kernel("IORING_REGISTER_BUFFERS_UPDATE", result < 0 ? -result : EIO)
    }
  }
}
