import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// /proc/kpageflags: 64 bits of flags per physical page, indexed by PFN (root only). Frames are read with one pread
/// per run of consecutive PFNs, not one per page (kernel-here §4: 0.026 s instead of 0.096 s for 1 GiB).
///
/// Bit numbers are those of include/uapi/linux/kernel-page-flags.h, and MLOCKED (33) of fs/proc/page.c.
enum KernelPageFlags {
  /// KPF_REFERENCED.
  static let referenced: UInt64 = 1 << 2
  /// KPF_UPTODATE.
  static let uptodate: UInt64 = 1 << 3
  /// KPF_BUDDY: a free page heading a buddy block.
  static let buddy: UInt64 = 1 << 10
  /// KPF_MMAP: the page is mapped by some process (its mapcount is not zero).
  static let mmap: UInt64 = 1 << 11
  /// KPF_COMPOUND_HEAD: the first page of a folio of order > 0.
  static let compoundHead: UInt64 = 1 << 15
  /// KPF_COMPOUND_TAIL: a following page of such a folio.
  static let compoundTail: UInt64 = 1 << 16

  /// The flags named in explanations, by bit.
  static let names: [(bit: UInt64, name: String)] = [
    (1 << 0, "LOCKED"), (referenced, "REFERENCED"), (uptodate, "UPTODATE"), (1 << 4, "DIRTY"), (1 << 5, "LRU"),
    (1 << 6, "ACTIVE"), (buddy, "BUDDY"), (mmap, "MMAP"), (1 << 12, "ANON"), (1 << 14, "SWAPBACKED"),
    (compoundHead, "COMPOUND_HEAD"), (compoundTail, "COMPOUND_TAIL"), (1 << 17, "HUGE"), (1 << 18, "UNEVICTABLE"),
    (1 << 22, "THP"), (1 << 33, "MLOCKED"),
  ]

  /// The largest folio order searched for a compound head: a 1 GiB page (PUD order on x86-64).
  static let largestOrder = 18

  /// `0x40828 UPTODATE LRU MMAP UNEVICTABLE`: the value and the names of its known bits (others as `+0x...`).
  static func describe(_ flags: UInt64) -> String {
    var words = [hex(flags)]
    var unnamed = flags
    for (bit, name) in names where flags & bit != 0 {
      words.append(name)
      unnamed &= ~bit
    }
    if unnamed != 0 { words.append("+" + hex(unnamed)) }
    return words.joined(separator: " ")
  }

  /// The flags of every frame of `frames`, in the same order; nil when /proc/kpageflags cannot be read.
  static func read(_ frames: [UInt64]) -> [UInt64]? {
    guard !frames.isEmpty else { return [] }
    guard let fd = try? openReadOnly("/proc/kpageflags") else { return nil }
    defer { closeDescriptor(fd) }
    let sorted = Array(Set(frames)).sorted()
    var flagsOf: [UInt64: UInt64] = [:]
    var first = 0
    while first < sorted.count {
      var end = first + 1
      while end < sorted.count && sorted[end] == sorted[end - 1] + 1 { end += 1 }
      let run = read(fd, sorted[first]..<sorted[end - 1] + 1)
      guard run.count == end - first else { return nil }
      for i in first..<end { flagsOf[sorted[i]] = run[i - first] }
      first = end
    }
    return frames.map { flagsOf[$0] ?? 0 }
  }

  /// The order of the folio holding `frame`, whose flags are `flags`: 0 when they show no compound page; otherwise
  /// log2 of the frames from the compound head through its last tail, as /proc/kpageflags reports them. nil when
  /// they cannot be read or do not form a folio.
  static func folioOrder(ofFrame frame: UInt64, flags: UInt64) -> Int? {
    guard flags & (compoundHead | compoundTail) != 0 else { return 0 }
    guard let fd = try? openReadOnly("/proc/kpageflags") else { return nil }
    defer { closeDescriptor(fd) }
    let limit = UInt64(1) << largestOrder
    let window = frame >= limit ? frame - limit + 1 : 0
    let before = read(fd, window..<frame + 1)
    guard before.count == frame + 1 - window, let headIndex = before.lastIndex(where: { $0 & compoundHead != 0 })
    else { return nil }
    let after = read(fd, frame + 1..<window + UInt64(headIndex) + limit)
    let head = window + UInt64(headIndex)
    guard before[headIndex...].dropFirst().allSatisfy({ $0 & compoundTail != 0 }) else { return nil }
    let tails = after.prefix { $0 & compoundTail != 0 }.count
    let pages = frame - head + 1 + UInt64(tails)
    guard pages.nonzeroBitCount == 1 else { return nil }
    return pages.trailingZeroBitCount
  }

  /// The flags of the consecutive frames `frames`, in one pread; fewer (none on an error) past the last frame.
  private static func read(_ fd: Int32, _ frames: Range<UInt64>) -> [UInt64] {
    var flags = [UInt64](repeating: 0, count: frames.count)
    let read = try? syscall(.call("pread /proc/kpageflags")) {
      flags.withUnsafeMutableBytes { negatedErrno(pread(fd, $0.baseAddress, $0.count, off_t(frames.lowerBound * 8))) }
    }
    return Array(flags.prefix((read ?? 0) / 8))
  }
}
