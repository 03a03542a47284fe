import GmemModel

/// A model's state presented as read back from the kernel (`isReadFromKernel`), as `--backend kvm` and `attach`
/// show theirs, without /dev/kvm: what the renderer draws differently for the kernel (the header, contents not
/// read), and what a comparison leaves unchecked as not observable there.
public final class KernelReadView: StateView {
  /// The model whose state this presents.
  public let model: GuestMemfdModel

  /// A view of `model`'s state as the kernel's.
  public init(model: GuestMemfdModel) { self.model = model }

  public var isReadFromKernel: Bool { true }
  public var profile: Profile { model.profile }
  public var vmType: VMType? { model.vmType }
  public var fileSize: UInt64 { model.fileSize }
  public var backing: Backing? { model.backing }
  public var pageCount: Int { model.pageCount }
  public func page(_ p: Int) -> PageState? { model.page(p) }
  public func orphans(at p: Int) -> Int { model.orphans(at: p) }
  public func folioShape(ofPage p: Int) -> FolioShape { model.folioShape(ofPage: p) }
  public func counter(_ name: CounterName) -> UInt64 { model.counter(name) }
  public func counts(block b: Int) -> PageCounts { model.counts(block: b) }
  public func counts(region r: Int) -> PageCounts { model.counts(region: r) }
  public func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    model.firstPage(in: range, where: predicate)
  }
  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) {
    model.forEachRun(in: range, body)
  }
  public var flags: GmemFlags? { model.flags }
  public var isOpen: Bool { model.isOpen }
  public var memslots: [Memslot] { model.memslots }
  public var mappingProcesses: [Int] { model.mappingProcesses }
  public var poolBacking: Backing { model.poolBacking }
  public var vmemmapRestoredBytes: UInt64 { model.vmemmapRestoredBytes }
  public func explain(page p: Int) -> [String] { model.explain(page: p) }
  public func splitFolios(in range: Range<Int>) -> Int { model.splitFolios(in: range) }
}
