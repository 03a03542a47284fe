import GmemModel

/// A model's state presented as read back from the kernel (`isReadFromKernel`), as `--backend kvm` and `attach`
/// show theirs: what the renderer draws differently for the kernel (the header, contents not read) without
/// /dev/kvm.
final class KernelReadView: StateView {
  let model: GuestMemfdModel

  init(model: GuestMemfdModel) { self.model = model }

  var isReadFromKernel: Bool { true }
  var profile: Profile { model.profile }
  var vmType: VMType? { model.vmType }
  var fileSize: UInt64 { model.fileSize }
  var backing: Backing? { model.backing }
  var pageCount: Int { model.pageCount }
  func page(_ p: Int) -> PageState? { model.page(p) }
  func orphans(at p: Int) -> Int { model.orphans(at: p) }
  func folioShape(ofPage p: Int) -> FolioShape { model.folioShape(ofPage: p) }
  func counter(_ name: CounterName) -> UInt64 { model.counter(name) }
  func counts(block b: Int) -> PageCounts { model.counts(block: b) }
  func counts(region r: Int) -> PageCounts { model.counts(region: r) }
  func firstPage(in range: Range<Int>, where predicate: (PageState) -> Bool) -> Int? {
    model.firstPage(in: range, where: predicate)
  }
  func forEachRun(in range: Range<Int>, _ body: (Range<Int>, PageState) -> Void) { model.forEachRun(in: range, body) }
  var flags: GmemFlags? { model.flags }
  var isOpen: Bool { model.isOpen }
  var memslots: [Memslot] { model.memslots }
  var mappingProcesses: [Int] { model.mappingProcesses }
  var poolBacking: Backing { model.poolBacking }
  var vmemmapRestoredBytes: UInt64 { model.vmemmapRestoredBytes }
  func explain(page p: Int) -> [String] { model.explain(page: p) }
  func splitFolios(in range: Range<Int>) -> Int { model.splitFolios(in: range) }
}
