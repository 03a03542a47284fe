import GmemModel

/// The command patterns of issue 10 that the differential test must reach, recognised on the naive model's
/// state just before the command runs.
enum DifferentialPattern: String, CaseIterable, Sendable {
  /// A KVM_SET_MEMORY_ATTRIBUTES request whose gfns all have the attribute already, over a page the request
  /// would have changed had it not returned early (an SPTE, a mapped or pinned page, uptodate or faultability).
  case unchangedRequest
  /// An rfc1 conversion to private refused for a mapped or pinned page, over a range holding an unfaultable
  /// page: the hook's rollback makes it faultable.
  case failedPrivateOverUnfaultable
  /// An rfc1 conversion to private that leaves a split huge folio without a faultable page, but does not
  /// cover it whole: it stays split.
  case privateNotCoveringAFolio

  /// The pattern `command` hits on `naive` (the state before it), if any.
  static func hit(_ command: Command, on naive: NaiveModel) -> DifferentialPattern? {
    guard case .convert(let r, let target, nil) = command, naive.profile.policy.api == .vmAttributes,
      let file = naive.file, r.length > 0, r.offset % 4096 == 0, r.length % 4096 == 0,
      !r.offset.addingReportingOverflow(r.length).overflow, r.offset + r.length <= file.size
    else { return nil }
    let pages = Int(r.offset / 4096)..<Int((r.offset + r.length) / 4096)
    var gfns: [UInt64] = []
    for p in pages {
      guard let slot = naive.slots.first(where: { $0.binds(page: p) }) else { return nil }
      gfns.append(slot.gfn(ofPage: p))
    }
    let toPrivate = target == .private
    if toPrivate && naive.vm?.hasPrivateMemory != true { return nil }
    let rfc1 = naive.profile.policy.faultabilityIsSeparate
    if gfns.allSatisfy({ naive.privateGFNs.contains($0) == toPrivate }) {
      let matters = pages.contains { p in
        let s = file.pages[p]
        return s.spte != .none || (rfc1 && (s.mappedBy != 0 || s.pins > 0 || s.uptodate || s.faultable == toPrivate))
      }
      return matters ? .unchangedRequest : nil
    }
    guard rfc1, toPrivate else { return nil }
    let blocked = pages.contains {
      file.pages[$0].allocated && (file.pages[$0].mappedBy != 0 || file.pages[$0].pins > 0)
    }
    if blocked {
      return pages.contains { !file.pages[$0].faultable } ? .failedPrivateOverUnfaultable : nil
    }
    for h in file.hugePages(overlapping: pages) where file.isAllocated(huge: h) && file.split[h] {
      let hp = file.pages(ofHuge: h)
      let covered = hp.lowerBound >= pages.lowerBound && hp.upperBound <= pages.upperBound
      let faultableLeft = hp.contains { !pages.contains($0) && file.pages[$0].faultable }
      let held = hp.contains { file.pages[$0].mappedBy != 0 || file.pages[$0].pins > 0 }
      if !covered && !faultableLeft && !held { return .privateNotCoveringAFolio }
    }
    return nil
  }
}
