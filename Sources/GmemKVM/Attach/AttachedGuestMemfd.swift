import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Another process's guest_memfd, observed read-only: a copy of its fd (pidfd_getfd) and the page state that
/// `rescan()` reads back without faulting or changing anything:
///
/// - allocated: cachestat on the copy (kernel-here §3);
/// - uptodate: mincore on a PROT_NONE mapping of the copy in this process, when the file has MMAP (mmap faults
///   nothing in; ENODEV means no MMAP, and then uptodate is not known);
/// - mapped (process 1 = the attached process): bit 63 of /proc/PID/pagemap at each of its areas that map the file
///   (/proc/PID/maps, matched by inode, at each area's file offset).
///
/// Nothing is written to the file or to the process. One side effect is unavoidable: the copy is a reference to the
/// file, so if the process closes its fd (or exits) while attached, the file and its pages live on until this is
/// released.
public final class AttachedGuestMemfd {
  /// The attached process.
  public let discovery: GuestMemfdDiscovery
  /// The guest_memfd in that process: its fd, inode and size (from the copy).
  public let target: DiscoveredGuestMemfd
  /// The copy of the fd in this process, for cachestat. Its `flags` are 0: the creation flags are not visible from
  /// outside (fdinfo has none, kernel-here §2); `flags` says what is known of them.
  let gmem: GuestMemfd
  /// The mapping mincore reads, when the file could be mapped.
  let residency: ResidencyMapping?
  /// Why there is no `residency` (ENODEV: no MMAP flag).
  let residencyFailure: KVMError?
  /// The areas of the process that mapped the file at the last rescan.
  public private(set) var vmas: [GuestMemfdVMA] = []
  /// True while the process is alive and still holds the file at `target.fd`, as of the last rescan.
  public private(set) var targetHoldsFile = true
  /// Set once a page was seen mapped in the process: a host fault maps a guest_memfd page only with INIT_SHARED
  /// (kvm_gmem_fault_user_mapping gives SIGBUS otherwise, kernel-here §4), so the file is INIT_SHARED.
  public private(set) var initSharedSeen = false
  var store: PageStore

  /// Copies `target`'s fd from the process of `discovery`, maps the copy for mincore, and scans it once.
  /// Throws when the fd cannot be copied, is not a guest_memfd (any more), or is too large to show.
  public init(discovery: GuestMemfdDiscovery, target: DiscoveredGuestMemfd) throws(AttachError) {
    let pid = discovery.pid
    let copy = try discovery.copy(fd: target.fd)
    // The process may have replaced the fd since it was looked at: what counts is the file copied.
    let link = Self.link(ofOwnFD: copy)
    var info = stat()
    guard link == GuestMemfdDiscovery.linkName,
      (try? syscall(.call("fstat"), { negatedErrno(fstat(copy, &info)) })) != nil
    else {
      closeDescriptor(copy)
      throw .notAGuestMemfd(pid: pid, fd: target.fd, link: link)
    }
    let size = UInt64(info.st_size)
    guard size <= KVMBackend.largestShownFile else {
      closeDescriptor(copy)
      throw .tooLarge(pid: pid, fd: target.fd, size: size, limit: KVMBackend.largestShownFile)
    }
    self.discovery = discovery
    self.target = DiscoveredGuestMemfd(fd: target.fd, inode: UInt64(info.st_ino), size: size)
    gmem = GuestMemfd(fd: copy, size: size, flags: 0)
    do {
      residency = try ResidencyMapping(fd: copy, length: size)
      residencyFailure = nil
    } catch {
      residency = nil
      residencyFailure = error
    }
    store = PageStore(pageCount: Int(size / GuestMemfd.pageSize), state: .hole(private: false, faultable: false))
    rescan()
  }

  /// The attached process's id.
  public var pid: Int32 { discovery.pid }

  /// Reads the page state back from the kernel, and whether the process still holds the file and where it maps it.
  public func rescan() {
    let alive = discovery.isAlive
    targetHoldsFile = alive && discovery.inode(ofFD: target.fd) == target.inode
    vmas = alive ? discovery.vmas(inode: target.inode) : []
    let pagemap = vmas.isEmpty ? -1 : ProcessPagemap.open(pid: pid) ?? -1
    defer { if pagemap >= 0 { closeDescriptor(pagemap) } }
    func scan() -> PageStore {
      KernelPageScanner.scan(
        size: target.size,
        sources: PageScanSources(
          gmem: gmem, residency: residency?.base, pagemap: pagemap, vmas: vmas, faultable: initSharedSeen))
    }
    store = scan()
    if !initSharedSeen && store.totals.mapped > 0 {
      // Faultability is the file's, so every page becomes faultable at once: scan again with it.
      initSharedSeen = true
      store = scan()
    }
  }

  /// What /proc/self/fd/`fd` links to.
  private static func link(ofOwnFD fd: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let capacity = buffer.count - 1
    let path = "/proc/self/fd/\(fd)"
    let length: Int
    do throws(KVMError) {
      length = try syscall(.call("readlink")) {
        negatedErrno(readlink(path, &buffer, capacity))
      }
    } catch {
      return "unknown (readlink: \(KVMError.message(error.errno)))"
    }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
