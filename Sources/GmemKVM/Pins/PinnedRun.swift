/// The long-term pins one `pin RANGE` took: one registered buffer per page, in rings of up to
/// `RegisteredBufferPin.capacity` pages, and the PFN each page had when it was pinned.
///
/// A pinned page stays the same physical page for as long as the pin holds it, so its PFN is known from the pin on:
/// after a punch it names the orphan that no longer has a file offset (kernel-here §5).
final class PinnedRun {
  /// What a page's pin holds now.
  enum Hold: UInt8 {
    /// Unpinned: its slot is empty.
    case released
    /// The page is still in the file at its index.
    case inFile
    /// The page was punched out of the file while pinned: it lives on, outside the file, until unpinned.
    case orphan
  }

  /// The file pages pinned, by index.
  let pages: Range<Int>
  /// The PFN of each page of `pages` when pinned; 0 where /proc/self/pagemap did not show one.
  let frames: [UInt64]
  /// What each page's pin holds.
  private(set) var holds: [Hold]
  /// Ring `k` holds the pages from `pages.lowerBound + k * capacity`; nil once none of them is pinned.
  private var rings: [RegisteredBufferPin?]

  /// The pins of `rings`, which registered `pages` in order, with their frames.
  init(pages: Range<Int>, rings: [RegisteredBufferPin], frames: [UInt64]) {
    self.pages = pages
    self.rings = rings
    self.frames = frames
    holds = [Hold](repeating: .inFile, count: pages.count)
  }

  /// True while some page is still pinned.
  var isHolding: Bool { rings.contains { $0 != nil } }

  /// The ring fd and buffer slot that pin file page `page`, while one does.
  func slot(of page: Int) -> (ring: Int32, slot: Int)? {
    guard hold(at: page) != .released else { return nil }
    let index = page - pages.lowerBound
    let capacity = RegisteredBufferPin.capacity
    return rings[index / capacity].map { ($0.fd, index % capacity) }
  }

  /// What the pin of file page `page` holds (`released` outside `pages`).
  func hold(at page: Int) -> Hold { pages.contains(page) ? holds[page - pages.lowerBound] : .released }

  /// Marks the pages of `punched` that were still in the file as orphans; returns them.
  func orphan(_ punched: [Int]) -> [Int] {
    punched.filter { page in
      guard hold(at: page) == .inFile else { return false }
      holds[page - pages.lowerBound] = .orphan
      return true
    }
  }

  /// The runs of consecutive pages whose pin holds `hold`, as file page indices.
  func runs(of hold: Hold) -> [Range<Int>] {
    var runs: [Range<Int>] = []
    var start: Int?
    for i in 0...holds.count {
      let matches = i < holds.count && holds[i] == hold
      if matches, start == nil { start = i }
      if !matches, let first = start {
        runs.append(pages.lowerBound + first..<pages.lowerBound + i)
        start = nil
      }
    }
    return runs
  }

  /// Unpins `released` (file page indices in ascending order, each still pinned): empties their slots, a run of
  /// consecutive slots in one call, and closes a ring once none of its pages is pinned.
  func unpin(_ released: [Int]) throws(KVMError) {
    let capacity = RegisteredBufferPin.capacity
    var i = 0
    while i < released.count {
      let index = released[i] - pages.lowerBound
      let ringIndex = index / capacity
      var end = i + 1
      while end < released.count, released[end] == released[end - 1] + 1,
        (released[end] - pages.lowerBound) / capacity == ringIndex
      {
        end += 1
      }
      for page in released[i..<end] { holds[page - pages.lowerBound] = .released }
      if let ring = rings[ringIndex] {
        if ring.pinnedCount == end - i {
          rings[ringIndex] = nil
        } else {
          let slot = index - ringIndex * capacity
          try ring.unpin(slots: slot..<slot + end - i)
        }
      }
      i = end
    }
  }
}
