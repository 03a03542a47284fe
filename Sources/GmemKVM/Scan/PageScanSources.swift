/// Where `KernelPageScanner` reads each bit of a page's state from. Every source is read without faulting or
/// changing anything (kernel-here §3, §4).
struct PageScanSources {
  /// The guest_memfd that cachestat asks (this process's own, or a copy of another process's fd); nil once the fd is
  /// closed, when allocation can only be inferred from the other sources.
  var gmem: GuestMemfd?
  /// The first byte of a mapping of the whole file in this process, for mincore (uptodate); nil when there is none.
  var residency: UnsafeMutableRawPointer?
  /// An open /proc/PID/pagemap of the process whose areas `vmas` are, or -1 for none.
  var pagemap: Int32
  /// The areas that map the file in that process; their present pages are the mapped ones (process 1).
  var vmas: [GuestMemfdVMA]
  /// Every page is faultable (INIT_SHARED).
  var faultable: Bool
}
