import GmemModel

// `gmemviz attach --list`: the file as runs of pages with the same state.
extension AttachedGuestMemfd {
  /// The words `--list` prints for a page: the state words of SCENARIO.md that can be read without side effects,
  /// `allocated`/`hole` and `mapped`/`unmapped` (mapped in the attached process), then `uptodate` (an extension:
  /// zeroed or written, from mincore) when it is.
  ///
  /// Left out, because they cannot be known from outside without a side effect: `faultable`/`unfaultable` (on
  /// Linux 6.18 that is the file's INIT_SHARED flag, which fdinfo does not show; only a fault would tell, unless the
  /// process already maps a page), `shared`/`private` (this kernel has no memory attributes, and another VM's could
  /// not be read), `pinned` (pins show only as VmPin per process, kernel-here §5) and the SPTE words (no call reads
  /// another VM's SPTEs).
  public static func words(of state: PageState) -> [String] {
    var words = [
      (state.isAllocated ? StateWord.allocated : .hole).description,
      (state.isMapped ? StateWord.mapped : .unmapped).description,
    ]
    if state.isUptodate { words.append("uptodate") }
    return words
  }

  /// One line per run of pages with the same words, in file order: `OFFSET+LENGTH WORD...` with the offset and
  /// length in hex bytes, e.g. `0x0+0x4000 allocated mapped uptodate`.
  public func runLines() -> [String] {
    var runs: [(pages: Range<Int>, words: [String])] = []
    forEachRun(in: 0..<pageCount) { range, state in
      let words = Self.words(of: state)
      if let last = runs.last, last.words == words, last.pages.upperBound == range.lowerBound {
        runs[runs.count - 1].pages = last.pages.lowerBound..<range.upperBound
      } else {
        runs.append((range, words))
      }
    }
    let page = GuestMemfd.pageSize
    return runs.map { run in
      let offset = UInt64(run.pages.lowerBound) * page
      let length = UInt64(run.pages.count) * page
      return "\(hex(offset))+\(hex(length)) " + run.words.joined(separator: " ")
    }
  }
}
