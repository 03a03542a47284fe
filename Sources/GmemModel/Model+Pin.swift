// Long-term GUP pins (FOLL_LONGTERM, as io_uring registered buffers take them), spec §2.6.
extension GuestMemfdModel {
  func pin(_ r: FileRange) throws -> Outcome {
    guard let file, file.mappedBy.contains(1) else {
      throw Failure(
        .EFAULT, at: r.offset, "pins go through process 1's mapping, and it has not mapped the file"
      )
    }
    let touched = r.touchedPages
    guard !touched.isEmpty else { return .ok }
    guard touched.upperBound <= UInt64(file.pageCount) else {
      throw Failure(
        .EFAULT, at: max(r.offset, file.size), "the range passes the end of the mapping")
    }
    let range = Int(touched.lowerBound)..<Int(touched.upperBound)
    // GUP faults the pages in; one that cannot be faulted fails the whole registration.
    let bit = PageState.mappedBit(process: 1)
    if let p = file.pages.firstPage(in: range, where: { !$0.isFaultable && $0.raw & bit == 0 }) {
      throw Failure(
        .EFAULT, at: UInt64(p) << 12,
        "page \(hex(UInt64(p) << 12)) cannot be faulted in (\(profile == .rfc1 ? "not faultable" : "not shared")), so GUP fails"
      )
    }
    try faultIn(file, pages: range, process: 1)
    file.pages.forEachRun(in: range) { run, s in
      guard s.isPinned else { return }
      for p in run { file.extraPins[p, default: 0] += 1 }
    }
    file.pages.modify(range) { $0.isPinned = true }
    events.append(.pins(bytes(range), pinned: true, pages: range.count))
    return .ok
  }

  func unpin(_ r: FileRange) throws -> Outcome {
    guard let file else { throw Failure(.EINVAL, "nothing is pinned") }
    let touched = r.touchedPages
    guard !touched.isEmpty else { return .ok }
    guard touched.lowerBound < UInt64(file.pageCount) else {
      throw Failure(.EINVAL, at: r.offset, "\(hex(r.offset)) is past the end of the file: nothing is pinned there")
    }
    let range = Int(touched.lowerBound)..<Int(min(touched.upperBound, UInt64(file.pageCount)))
    for p in Int(touched.lowerBound)..<Int(min(touched.upperBound, UInt64(Int.max))) {
      let pinned = p < file.pageCount && file.pages.state(at: p).isPinned
      if !pinned && (file.orphans[p] ?? 0) == 0 {
        throw Failure(.EINVAL, at: UInt64(p) << 12, "page \(hex(UInt64(p) << 12)) is not pinned")
      }
      if p >= file.pageCount { break }
    }
    var orphansFreed = 0
    var pinsDropped: [Int] = []
    for p in range {
      if let n = file.orphans[p], n > 0 {
        file.orphans[p] = n == 1 ? nil : n - 1
        orphansFreed += 1
        releaseHeld(file, orphan: p)
      } else if let n = file.extraPins[p] {
        file.extraPins[p] = n == 1 ? nil : n - 1
      } else {
        pinsDropped.append(p)
      }
    }
    for run in runs(of: pinsDropped) { file.pages.modify(run) { $0.isPinned = false } }
    if orphansFreed > 0 { events.append(.orphansFreed(bytes(range), pages: orphansFreed)) }
    events.append(.pins(bytes(range), pinned: false, pages: range.count))
    return .ok
  }
}
