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
  init(address: UInt64, pageCount: Int) throws(KVMError) {
    var params = gmem_io_uring_params()
    // Set up on a helper thread, so that closing the ring cannot interrupt a later syscall of this one with EINTR.
    let ring = try syscall(.call("io_uring_setup")) { gmem_io_uring_setup_on_helper_thread(1, &params) }
    let pageSize = GuestMemfd.pageSize
    let iovecs = (0..<pageCount).map { i in
      iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address + UInt64(i) * pageSize)), iov_len: Int(pageSize))
    }
    do {
      try syscall(.call("IORING_REGISTER_BUFFERS")) { gmem_io_uring_register_buffers(ring, iovecs, UInt32(pageCount)) }
    } catch {
      closeDescriptor(ring)
      throw error
    }
    fd = ring
    self.pageCount = pageCount
    pinnedCount = pageCount
  }

  deinit {
    // Unregistering the buffers of a live ring does not fail, and a release has no one to tell.
    _ = try? syscall(.call("IORING_UNREGISTER_BUFFERS")) {
      gmem_io_uring_register(fd, GMEM_IORING_UNREGISTER_BUFFERS, nil, 0)
    }
    closeDescriptor(fd)
  }

  /// Unpins the pages of `slots` (each still pinned) by emptying their slots, at once.
  func unpin(slots: Range<Int>) throws(KVMError) {
    let empty = [iovec](repeating: iovec(iov_base: nil, iov_len: 0), count: slots.count)
    let updated = try syscall(.call("IORING_REGISTER_BUFFERS_UPDATE")) {
      gmem_io_uring_update_buffers(fd, UInt32(slots.lowerBound), empty, UInt32(slots.count))
    }
    pinnedCount -= Int(updated)
    // A short update unpinned only some: the rest of the slots still pin their pages.
    guard updated == slots.count else { throw .callFailed(call: "IORING_REGISTER_BUFFERS_UPDATE", errno: EIO) }
  }
}
