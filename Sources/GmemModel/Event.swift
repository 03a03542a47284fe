/// Something the kernel did while carrying out an operation, in kernel terms, for the log and explanations.
public enum Event: Equatable, Sendable {
  /// KVM_CREATE_VM.
  case vmCreated(VMType, implicit: Bool)
  /// The host's free HugeTLB pages of a size were set.
  case poolSet(Backing, free: Int)
  /// KVM_CREATE_GUEST_MEMFD made the file.
  case gmemCreated(size: UInt64, backing: Backing, flags: UInt64)
  /// The subpool or pool counters changed: the new values.
  case poolCounters(Backing, free: Int, resv: Int)
  /// A memslot now binds part of the file.
  case bound(Memslot)
  /// A memslot was deleted.
  case unbound(slot: Int)
  /// Faultability changed (rfc1's per-inode xarray).
  case faultability(FileRange, faultable: Bool, pages: Int)
  /// The attribute KVM acts on changed.
  case attributes(FileRange, Attribute, pages: Int)
  /// A conversion found the whole range already at the attribute and returned 0, changing nothing; `check`
  /// names the kernel function that returns early (ConversionAPI.unchangedRangeCheck).
  case unchanged(FileRange, Attribute, check: String)
  /// Folios were added to the filemap.
  case allocated(FileRange, folios: Int, backing: Backing)
  /// Folios were removed from the filemap and freed.
  case freed(FileRange, folios: Int, backing: Backing)
  /// Part of a huge page was zeroed in place instead of freed (a partial punch).
  case zeroedInPlace(FileRange)
  /// Folios were zeroed on first use and marked uptodate.
  case zeroedOnFault(FileRange, folios: Int)
  /// Uptodate ("prepared") was cleared on conversion (rfc1 patch 30).
  case uptodateCleared(FileRange, pages: Int)
  /// Huge folios were split to 4 KiB folios; `first` is the first folio index of a run of `count`.
  case split(first: Int, count: Int, backing: Backing, vmemmapRestored: UInt64)
  /// Huge folios were merged back from 4 KiB folios.
  case merged(first: Int, count: Int, backing: Backing)
  /// A whole huge folio could not merge back; the reason names what holds it.
  case mergeBlocked(folio: Int, reason: String)
  /// SPTEs were zapped from KVM's secondary MMU.
  case sptesZapped(FileRange, entries: Int)
  /// KVM installed SPTEs.
  case sptesMapped(FileRange, level: SPTELevel, entries: Int)
  /// A process mapped the file (mmap) or dropped its mapping (munmap).
  case vmaChanged(process: Int, mapped: Bool)
  /// Host PTEs were installed by faults.
  case hostPTEsMapped(FileRange, process: Int, pages: Int)
  /// Host PTEs were zapped.
  case hostPTEsUnmapped(FileRange, process: Int, pages: Int)
  /// Pages were long-term pinned, or unpinned.
  case pins(FileRange, pinned: Bool, pages: Int)
  /// Pinned pages were punched: they left the file but stay alive until unpinned.
  case orphaned(FileRange, pages: Int)
  /// Orphaned pages were released by unpin.
  case orphansFreed(FileRange, pages: Int)
  /// A huge page left the file with pinned pages in it: it stays out of the pool until they are unpinned.
  case hugePageHeld(FileRange, orphans: Int, backing: Backing)
  /// The last orphan of a held huge page was unpinned: the page is rebuilt and back in the pool.
  case hugePageReturned(FileRange, backing: Backing)
  /// The fd was closed; a mapping may still hold the file.
  case closed
  /// The last reference to the file went (`kvm_gmem_release`): its bindings invalidated. The SPTEs that
  /// invalidation zaps are a `sptesZapped` event of their own (on the model, which counts them), so the text leaves
  /// them out: the log would say it twice.
  case released
  /// The inode was evicted: every folio freed and the subpool returned.
  case evicted
  /// After eviction process 1 closed the io_uring rings holding the file's pins: its orphans are freed and the
  /// huge pages they held are back in the pool.
  case ringsClosed(orphans: Int, hugePages: Int, backing: Backing)

  /// The event in kernel terms, one line.
  public var text: String {
    switch self {
    case .vmCreated(let t, let implicit):
      return "KVM_CREATE_VM type \(t.value) (\(t.rawValue))" + (implicit ? ", implicitly" : "")
    case .poolSet(let b, let free):
      return "hugepages-\(b.folioSize >> 10)kB: nr_hugepages = \(free)"
    case .gmemCreated(let size, let backing, let flags):
      return
        "guest_memfd created: size \(sizeName(size)), \(backing.rawValue) pages, flags \(hex(flags))"
    case .poolCounters(let b, let free, let resv):
      return "hugetlb \(b.rawValue): free_hugepages \(free), resv_hugepages \(resv)"
    case .bound(let m):
      return "memslot \(m.slot): gpa \(hex(m.gpa))+\(sizeName(m.size)) -> offset \(hex(m.offset))"
    case .unbound(let slot):
      return "memslot \(slot) deleted"
    case .faultability(let r, let on, let n):
      return "faultability \(on ? "set" : "cleared") on \(n) page\(n == 1 ? "" : "s") in \(r)"
    case .attributes(let r, let a, let n):
      return "attributes: \(n) page\(n == 1 ? "" : "s") in \(r) now \(a.rawValue)"
    case .unchanged(let r, let a, let check):
      return "nothing to do: \(r) is already \(a.rawValue) (\(check))"
    case .allocated(let r, let n, let b):
      return "allocated \(n) × \(b.rawValue) folio\(n == 1 ? "" : "s") in \(r)"
    case .freed(let r, let n, let b):
      return "freed \(n) × \(b.rawValue) folio\(n == 1 ? "" : "s") in \(r)"
    case .zeroedInPlace(let r):
      return "zeroed in place (partial huge page) \(r)"
    case .zeroedOnFault(let r, let n):
      return "zeroed \(n) folio\(n == 1 ? "" : "s") on first use in \(r)"
    case .uptodateCleared(let r, let n):
      return "prepared (uptodate) cleared on \(n) page\(n == 1 ? "" : "s") in \(r)"
    case .split(let first, let count, let b, let restored):
      let folios = count == 1 ? "folio \(first)" : "folios \(first)..\(first + count - 1)"
      return
        "split \(folios): vmemmap restored (\(sizeName(restored))), \(count) × \(b.rawValue) → "
        + "\(count * b.pagesPerFolio) × 4K"
    case .merged(let first, let count, let b):
      let folios = count == 1 ? "folio \(first)" : "folios \(first)..\(first + count - 1)"
      return
        "merged \(folios): \(count * b.pagesPerFolio) × 4K → \(count) × \(b.rawValue), vmemmap optimized"
    case .mergeBlocked(let folio, let reason):
      return "folio \(folio) stays split: \(reason)"
    case .sptesZapped(let r, let n):
      return "SPTEs zapped: \(n) entr\(n == 1 ? "y" : "ies") over \(r)"
    case .sptesMapped(let r, let level, let n):
      return "SPTEs mapped: \(n) × \(level.name) over \(r)"
    case .vmaChanged(let p, let mapped):
      return mapped ? "process \(p) mapped the file (MAP_SHARED)" : "process \(p) unmapped the file"
    case .hostPTEsMapped(let r, let p, let n):
      return "host PTEs mapped: process \(p), \(n) page\(n == 1 ? "" : "s") in \(r)"
    case .hostPTEsUnmapped(let r, let p, let n):
      return "host PTEs unmapped: process \(p), \(n) page\(n == 1 ? "" : "s") in \(r)"
    case .pins(let r, let pinned, let n):
      return "\(pinned ? "FOLL_LONGTERM pin" : "unpin"): \(n) page\(n == 1 ? "" : "s") in \(r)"
    case .orphaned(let r, let n):
      return "\(n) pinned page\(n == 1 ? "" : "s") left the file but stay alive (orphan) in \(r)"
    case .orphansFreed(let r, let n):
      return "\(n) orphan page\(n == 1 ? "" : "s") freed in \(r)"
    case .hugePageHeld(let r, let n, let backing):
      return "\(backing.rawValue) huge page \(r) held out of the pool by \(n) pinned page\(n == 1 ? "" : "s") "
        + "(deferred merge: freed when the last is unpinned)"
    case .hugePageReturned(let r, let backing):
      return "\(backing.rawValue) huge page \(r): last orphan unpinned, rebuilt and back in the pool"
    case .closed:
      return "guest_memfd fd closed"
    case .released:
      return "kvm_gmem_release (the file's last reference went): bindings invalidated"
    case .evicted:
      return "inode evicted: every folio freed, subpool returned"
    case .ringsClosed(let n, let h, let backing):
      return "process 1 closed the io_uring rings pinning the evicted file: \(n) orphan page\(n == 1 ? "" : "s") freed"
        + (h > 0 ? ", \(h) held \(backing.rawValue) huge page\(h == 1 ? "" : "s") back in the pool" : "")
    }
  }
}

/// One memslot binding part of the file (KVM_SET_USER_MEMORY_REGION2 with KVM_MEM_GUEST_MEMFD).
public struct Memslot: Equatable, Sendable {
  /// The slot id.
  public var slot: Int
  /// guest_phys_addr.
  public var gpa: UInt64
  /// guest_memfd_offset.
  public var offset: UInt64
  /// memory_size.
  public var size: UInt64

  /// The slot `bind` and `unbind` use when the command names none.
  public static let defaultSlot = 1
  /// The guest_phys_addr `bind` uses when the command names none: 4 GiB, above the 32-bit hole.
  public static let defaultGPA: UInt64 = 4 << 30

  /// A memslot binding `size` bytes of the file at `offset` to guest physical addresses from `gpa`.
  public init(slot: Int, gpa: UInt64, offset: UInt64, size: UInt64) {
    self.slot = slot
    self.gpa = gpa
    self.offset = offset
    self.size = size
  }

  /// True when the slot binds file offset `off`.
  public func binds(offset off: UInt64) -> Bool { off >= offset && off - offset < size }

  /// The gpa bound to file offset `off` (which the slot binds).
  public func gpa(ofOffset off: UInt64) -> UInt64 { gpa + (off - offset) }

  /// The file offset of `gpa`, if this slot covers it.
  public func offset(ofGPA g: UInt64) -> UInt64? {
    g >= gpa && g - gpa < size ? offset + (g - gpa) : nil
  }
}
