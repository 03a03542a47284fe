import GmemModel

/// The memory attributes the kvm backend set with KVM_SET_MEMORY_ATTRIBUTES, kept because KVM has no call that reads
/// them back: per gfn of the VM (its mem_attr_array, as far as this backend changed it), and per page of the file,
/// which is what the map shows.
///
/// A page follows the model's upstream rule: it shows the attribute last set on the gfn bound to it, and `bind` gives
/// it the attribute its new gfn already has; a page keeps what it showed after its memslot is deleted.
struct AttributeRecord: Equatable {
  /// The private gfns of the VM.
  private(set) var gfns = MemAttrArray()
  /// The private pages of the file (an index without a value is shared).
  private(set) var pages = RunMap<Bool>()

  /// Everything shared: a new VM.
  init() {}

  /// True when this backend made page `p` private (and has not made it shared since).
  func isPrivate(page p: Int) -> Bool { pages[p] == true }

  /// The private pages among `range`, as runs.
  func forEachPrivateRun(in range: Range<Int>, _ body: (Range<Int>) -> Void) {
    pages.forEachRun(in: range) { run, _ in body(run) }
  }

  /// The number of pages of `range` whose attribute differs from `attribute`.
  func pagesDiffering(in range: Range<Int>, from attribute: Attribute) -> Int {
    var privatePages = 0
    pages.forEachRun(in: range) { run, _ in privatePages += run.count }
    return attribute == .private ? range.count - privatePages : privatePages
  }

  /// KVM_SET_MEMORY_ATTRIBUTES succeeded on the gpas `slot` binds to the file pages `range`.
  mutating func set(_ range: Range<Int>, boundBy slot: Memslot, to attribute: Attribute) {
    let isPrivate = attribute == .private
    let firstGFN = slot.gpa(ofOffset: Geometry.offset(ofPage: range.lowerBound)) >> Geometry.pageShift
    gfns.set(firstGFN..<(firstGFN + UInt64(range.count)), private: isPrivate)
    pages.set(range, to: isPrivate ? true : nil)
  }

  /// `slot` was bound: its pages take the attributes of the gfns it now covers.
  mutating func bound(_ slot: Memslot) {
    let firstPage = Geometry.page(ofOffset: slot.offset)
    let firstGFN = slot.gpa >> Geometry.pageShift
    let count = Int(slot.size >> Geometry.pageShift)
    pages.set(firstPage..<(firstPage + count), to: nil)
    for (run, isPrivate) in gfns.runs(over: firstGFN..<(firstGFN + UInt64(count))) where isPrivate {
      let lower = firstPage + Int(run.lowerBound - firstGFN)
      pages.set(lower..<(lower + run.count), to: true)
    }
  }

  /// The file is gone: a new one starts with every page shared until it is bound.
  mutating func forgetPages() { pages = RunMap() }
}
