import GmemModel

extension SequenceGenerator {
  /// A range for the next operation: half of the time inside a memslot (so guest accesses and rfc1's
  /// conversions reach memory), else anywhere in the file.
  mutating func range(naive: NaiveModel) -> FileRange {
    let size = naive.file?.size ?? fileSize
    guard !naive.slots.isEmpty, rng.chance(50) else { return range(fileSize: size) }
    let slot = rng.pick(naive.slots)
    let inner = range(fileSize: slot.size)
    return FileRange(offset: slot.offset &+ inner.offset, length: inner.length)
  }

  /// A byte range of a file of `fileSize` bytes, biased toward page, 2 MiB block and huge page boundaries;
  /// some misaligned, some out of range, a few empty or wrapping past 2^64.
  mutating func range(fileSize size: UInt64) -> FileRange {
    let page: UInt64 = 4096
    let block: UInt64 = 2 << 20
    let units: [UInt64] = [page, block, kind.backing.folioSize, max(page, size / 2 / page * page)]
    let pages = max(1, size / page)
    switch rng.below(100) {
    case 0..<38:
      // Page-granular around a boundary.
      let unit = rng.pick(units)
      var offset = UInt64(rng.below(Int(size / unit) + 1)) * unit
      switch rng.below(5) {
      case 0: offset += page
      case 1: offset = offset >= page ? offset - page : offset
      default: break
      }
      let length = rng.pick([
        page, 2 * page, 3 * page, block - page, block, block + page, unit, max(page, unit - page), unit + page,
      ])
      return FileRange(offset: offset, length: length)
    case 38..<60:
      // Whole units.
      let unit = rng.pick(units)
      let count = Int(size / unit)
      let offset = UInt64(rng.below(count + 1)) * unit
      return FileRange(offset: offset, length: UInt64(1 + rng.below(max(1, min(3, count)))) * unit)
    case 60..<68:
      return FileRange(offset: 0, length: rng.chance(85) ? size : size + page)
    case 68..<88:
      // A few pages anywhere.
      let offset = UInt64(rng.below(Int(pages))) * page
      return FileRange(offset: offset, length: UInt64(1 + rng.below(Int(min(pages, 16)))) * page)
    case 88..<92:
      // Misaligned offset or length.
      let offset = UInt64(rng.below(Int(pages))) * page
      if rng.chance(50) {
        return FileRange(offset: offset + rng.pick([1, 0x800, 0xfff]), length: rng.pick([1, 0x800, page, page + 1]))
      }
      return FileRange(offset: offset, length: rng.pick([1, 0x800, page - 1, page + 1, 2 * page - 1]))
    case 92..<97:
      // At, across or past the end.
      let offset = rng.pick([size, size + page, size - page, size * 2, size >= block ? size - block : 0])
      return FileRange(offset: offset, length: rng.pick([page, 2 * page, block]))
    case 97..<99:
      return FileRange(offset: UInt64(rng.below(Int(pages) + 1)) * page, length: 0)
    default:
      // Past 2^63 or wrapping past 2^64.
      let offset = rng.pick([UInt64.max - 0xfff, UInt64.max & ~0x1fff, 1 << 63, UInt64.max - 0x800])
      return FileRange(offset: offset, length: rng.pick([page, 2 * page, 1 << 63]))
    }
  }
}
