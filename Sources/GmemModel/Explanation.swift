/// Why things are as they are: the model's answers for the inspector, the log and bug reports.
extension GuestMemfdModel {
  /// Why the folio holding page `p` is split (which page, which operation, when), or nil when it is not.
  public func splitCause(ofPage p: Int) -> SplitCause? {
    guard let file, file.backing.isHuge, folioShape(ofPage: p) == .split else { return nil }
    return file.splitCause(huge: file.hugeIndex(ofPage: p))
  }

  /// What keeps the split folio holding page `p` from merging back: the shared/faultable, mapped and pinned
  /// pages; where a merge needs a conversion covering the folio whole (rfc1, MergeRule.coveredHugePages) and
  /// nothing else holds it, that. Nil when the folio is not split or nothing holds it.
  public func mergeBlockers(ofPage p: Int) -> String? {
    guard let file, folioShape(ofPage: p) == .split else { return nil }
    let h = file.hugeIndex(ofPage: p)
    let hp = file.pageRange(ofHuge: h)
    if let state = mergeBlocker(file, h, counts: file.pages.counts(in: hp)) { return state }
    return policy.mergeRule.uncoveredReason.map {
      "\($0); the next conversion to private that covers \(FileRange(pages: hp)) whole merges it"
    }
  }

  /// Lines explaining the folio and page at `p`, for the inspector.
  public func explain(page p: Int) -> [String] {
    guard let file, p >= 0, p < file.pageCount else { return ["no page here"] }
    var lines: [String] = []
    let s = file.pages.state(at: p)
    switch folioShape(ofPage: p) {
    case .hole:
      lines.append("hole: no folio is allocated here")
    case .base:
      lines.append("a 4K folio (the file has no huge pages)")
    case .whole:
      lines.append("one whole \(file.backing.rawValue) folio" + (settings.hvo ? " (HVO: vmemmap optimized)" : ""))
    case .split:
      let h = file.hugeIndex(ofPage: p)
      if let cause = file.splitCause(huge: h) {
        let word = policy.hostFaultGate.word
        let how: String
        switch cause.command {
        case .convert: how = "became \(word) by"
        case .bind: how = "became \(word) (the VM type's default) by"
        default: how = "was already \(word) when its huge page was allocated by"
        }
        lines.append("split because page \(hex(cause.offset)) \(how) `\(cause.operation)` (op #\(cause.sequence))")
      } else {
        lines.append("split to 4K folios")
      }
      if let blockers = mergeBlockers(ofPage: p) {
        lines.append("merge blocked by: \(blockers)")
      } else {
        lines.append(
          "nothing blocks a merge: the next conversion to private over it reconstructs it")
      }
    }
    if s.isPinned {
      if let errno = policy.pinnedToPrivate {
        lines.append("pinned: blocks conversion to private (\(errno.rawValue))")
      } else {
        lines.append("pinned: no conversion looks at it (\(policy.api.call) changes the VM's attribute only)")
      }
    }
    if s.isMapped, let errno = policy.mappedToPrivate {
      lines.append("host-mapped: conversion to private refuses it (\(errno.rawValue)) until unmapped")
    }
    if orphans(at: p) > 0 {
      lines.append(
        "\(orphans(at: p)) orphan page(s): punched while pinned, alive until unpinned or the file is evicted")
    }
    if let f = lastFailure {
      lines.append(
        "last failure: `\(f.command)` (op #\(f.sequence)) → \(f.outcome.text): \(f.detail)")
    }
    return lines
  }
}
