// Long-term GUP pins (FOLL_LONGTERM, as io_uring registered buffers take them), spec §2.6. Pins beyond the first
// and orphans are counted per run of pages.
extension GuestMemfdModel {
  func pin(_ r: FileRange) throws(OperationFailure) -> Outcome {
    guard let file, file.mappedBy.contains(HostProcess.vmm) else {
      throw OperationFailure(
        .EFAULT, at: r.offset, "pins go through process 1's mapping, and it has not mapped the file"
      )
    }
    let touched = r.touchedPages
    guard !touched.isEmpty else { return .ok }
    guard touched.upperBound <= UInt64(file.pageCount) else {
      throw OperationFailure(
        .EFAULT, at: max(r.offset, file.size), "the range passes the end of the mapping")
    }
    let range = Int(touched.lowerBound)..<Int(touched.upperBound)
    // GUP faults the pages in; one that cannot be faulted fails the whole registration.
    let bit = PageState.mappedBit(process: HostProcess.vmm)
    if let p = file.pages.firstPage(in: range, where: { !$0.isFaultable && $0.raw & bit == 0 }) {
      throw OperationFailure(
        .EFAULT, at: Geometry.offset(ofPage: p),
        "page \(hex(Geometry.offset(ofPage: p))) cannot be faulted in (\(policy.hostFaultGate.refusal)), so GUP fails"
      )
    }
    try faultIn(file, pages: range, process: HostProcess.vmm)
    file.pages.forEachRun(in: range) { run, s in
      guard s.isPinned else { return }
      file.extraPins.update(run) { ($0 ?? 0) + 1 }
    }
    file.pages.modify(range) { $0.isPinned = true }
    events.append(.pins(FileRange(pages: range), pinned: true, pages: range.count))
    return .ok
  }

  func unpin(_ r: FileRange) throws(OperationFailure) -> Outcome {
    guard let file else { throw OperationFailure(.EINVAL, "nothing is pinned") }
    let touched = r.touchedPages
    guard !touched.isEmpty else { return .ok }
    guard touched.lowerBound < UInt64(file.pageCount) else {
      throw OperationFailure(
        .EINVAL, at: r.offset, "\(hex(r.offset)) is past the end of the file: nothing is pinned there")
    }
    let range = Int(touched.lowerBound)..<Int(min(touched.upperBound, UInt64(file.pageCount)))
    let unpinned = firstUnpinned(file, range) ?? (touched.upperBound > UInt64(file.pageCount) ? file.pageCount : nil)
    if let p = unpinned {
      throw OperationFailure(
        .EINVAL, at: Geometry.offset(ofPage: p), "page \(hex(Geometry.offset(ofPage: p))) is not pinned")
    }
    // A page with orphans drops one of theirs first; any other drops a pin beyond the first, else its pin.
    var released: [Range<Int>] = []
    file.orphans.forEachRun(in: range) { run, _ in released.append(run) }
    let orphansFreed = released.reduce(0) { $0 + $1.count }
    file.orphans.update(range) { $0.flatMap { $0 == 1 ? nil : $0 - 1 } }
    releaseHeld(file, pages: released)
    for run in Self.complement(of: released, in: range) {
      let dropped = file.extraPins.gaps(in: run)
      file.extraPins.update(run) { $0.flatMap { $0 == 1 ? nil : $0 - 1 } }
      for pins in dropped { file.pages.modify(pins) { $0.isPinned = false } }
    }
    if orphansFreed > 0 { events.append(.orphansFreed(FileRange(pages: range), pages: orphansFreed)) }
    events.append(.pins(FileRange(pages: range), pinned: false, pages: range.count))
    return .ok
  }

  /// The first page of `range` that is neither pinned nor an orphan, walking runs.
  private func firstUnpinned(_ file: GmemFile, _ range: Range<Int>) -> Int? {
    var p = range.lowerBound
    while p < range.upperBound, let q = file.pages.firstPage(in: p..<range.upperBound, where: { !$0.isPinned }) {
      let end = file.pages.firstPage(in: q..<range.upperBound, where: { $0.isPinned }) ?? range.upperBound
      if let gap = file.orphans.gaps(in: q..<end).first { return gap.lowerBound }
      p = end
    }
    return nil
  }

  /// The runs of `range` outside the sorted, disjoint `runs`.
  static func complement(of runs: [Range<Int>], in range: Range<Int>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var cursor = range.lowerBound
    for r in runs {
      if cursor < r.lowerBound { out.append(cursor..<r.lowerBound) }
      cursor = max(cursor, r.upperBound)
    }
    if cursor < range.upperBound { out.append(cursor..<range.upperBound) }
    return out
  }
}
