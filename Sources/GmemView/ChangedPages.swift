import GmemModel

/// The pages an operation changed, from its events, as page ranges for `ViewState.changedPages` (the flash).
public enum ChangedPages {
  /// Page ranges named by `events` (attribute, faultability, allocation, SPTE, PTE, pin and orphan changes,
  /// splits and merges), clipped to `pageCount` pages and merged where they touch.
  public static func ranges(of events: [Event], backing: Backing?, pageCount: Int) -> [Range<Int>] {
    var out: [Range<Int>] = []
    func add(_ r: FileRange) {
      let t = r.touchedPages
      let lo = Int(min(t.lowerBound, UInt64(pageCount)))
      let hi = Int(min(t.upperBound, UInt64(pageCount)))
      if lo < hi { out.append(lo..<hi) }
    }
    func addFolios(_ first: Int, _ count: Int) {
      let size = (backing ?? .huge1G).folioSize
      add(FileRange(offset: UInt64(first) * size, length: UInt64(count) * size))
    }
    for e in events {
      switch e {
      case .faultability(let r, _, _), .attributes(let r, _, _), .allocated(let r, _, _), .freed(let r, _, _),
        .zeroedInPlace(let r), .zeroedOnFault(let r, _), .uptodateCleared(let r, _), .sptesZapped(let r, _),
        .sptesMapped(let r, _, _), .hostPTEsMapped(let r, _, _), .hostPTEsUnmapped(let r, _, _),
        .pins(let r, _, _), .orphaned(let r, _), .orphansFreed(let r, _):
        add(r)
      case .split(let first, let count, _, _), .merged(let first, let count, _):
        addFolios(first, count)
      default:
        break
      }
    }
    out.sort { $0.lowerBound < $1.lowerBound }
    var merged: [Range<Int>] = []
    for r in out {
      if let last = merged.last, r.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
      } else {
        merged.append(r)
      }
    }
    return merged
  }
}
