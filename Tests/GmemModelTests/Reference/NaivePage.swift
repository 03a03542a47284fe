import GmemModel

/// One 4 KiB page of the file in the naive reference model: every fact is its own field, nothing is packed
/// or shared with other pages.
struct NaivePage: Equatable {
  /// PRIVATE in the attribute KVM acts on: the VM's mem_attr_array of the gfn last bound here (rfc1,
  /// upstream) or the file's own attribute (rfc2, inplace).
  var isPrivate = false
  /// A host fault may map it.
  var faultable = false
  /// A folio covers it.
  var allocated = false
  /// Zeroed (or prepared) since it was allocated.
  var uptodate = false
  /// Live long-term pins on the page while it is in the file.
  var pins = 0
  /// The SPTE level mapping the gfn bound to this page.
  var spte: SPTELevel = .none
  /// Processes 1...8 whose host page tables map the page, one bit each (bit 0 = process 1).
  var mappedBy: UInt8 = 0
  /// The byte every byte of the page holds.
  var content: UInt8 = 0
  /// Pinned copies of this index that a punch took out of the file: alive until unpinned.
  var orphans = 0
  /// The byte of the memslot's separate shared memory at this page (upstream files without MMAP).
  var sharedBacking: UInt8 = 0

  /// True when process `p` maps the page.
  func isMapped(by p: Int) -> Bool { mappedBy & (1 << UInt8(p - 1)) != 0 }

  /// Maps or unmaps the page in process `p`.
  mutating func setMapped(by p: Int, _ on: Bool) {
    if on { mappedBy |= 1 << UInt8(p - 1) } else { mappedBy &= ~(1 << UInt8(p - 1)) }
  }

  /// The same facts in the real model's packed form (PageState's bit layout), computed cheaply.
  var raw: UInt32 {
    var r = UInt32(content) << 16 | UInt32(mappedBy) << 8 | UInt32(spte.rawValue) << PageState.spteShift
    if isPrivate { r |= PageState.privateBit }
    if faultable { r |= PageState.faultableBit }
    if allocated { r |= PageState.allocatedBit }
    if uptodate { r |= PageState.uptodateBit }
    if pins > 0 { r |= PageState.pinnedBit }
    return r
  }

  /// The same facts as a PageState, built field by field.
  var packed: PageState {
    var s = PageState(raw: 0)
    s.isPrivate = isPrivate
    s.isFaultable = faultable
    s.isAllocated = allocated
    s.isUptodate = uptodate
    s.isPinned = pins > 0
    s.spte = spte
    s.mappedProcesses = mappedBy
    s.content = content
    return s
  }
}
