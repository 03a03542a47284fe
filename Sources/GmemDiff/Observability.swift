import GmemModel

/// Which page bits the kernel backend can read back right now (kernel-here.md §3): cachestat needs the open fd,
/// mincore needs process 1's mapping. Both backends are compared through the same lens.
public struct Observability: Equatable, Sendable {
  /// The guest_memfd fd is open, so cachestat reports allocation exactly.
  public var allocationVisible: Bool
  /// Process 1 maps the file, so mincore reports PG_uptodate.
  public var uptodateVisible: Bool

  public init(allocationVisible: Bool, uptodateVisible: Bool) {
    self.allocationVisible = allocationVisible
    self.uptodateVisible = uptodateVisible
  }

  /// What can be observed of the kernel backend's file as `view` shows it.
  public init(kernel view: any StateView) {
    self.init(allocationVisible: view.isOpen, uptodateVisible: view.mappingProcesses.contains(1))
  }
}
