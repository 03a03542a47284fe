// The one-page conversion of KVM_SET_MEMORY_ATTRIBUTES (rfc1, upstream): a guest sharing or privatizing a 4 KiB
// page, the commonest conversion there is.
extension GuestMemfdModel {
  /// Converts page `p`, bound to `gfn`, which is not yet at `target` in the VM's attributes, as `setMemoryAttributes` converts a
  /// range, with the page's faultability, attribute and "prepared" written in one change instead of a pass each.
  /// The SPTEs go first; the gmem hook's faultability (rfc1) comes next and the folio splits or stays as the range
  /// path would leave it; then the attribute, and "prepared" is cleared. The events come in the range path's order.
  ///
  /// Returns false, having changed nothing, where the range path has more to do: a conversion to private that the
  /// hook refuses (a mapped or pinned page: it rolls the range back), one that may merge a folio (a design that
  /// rounds the range outward), or a vmemmap restore set to fail.
  func convertPage(_ file: GmemFile, page p: Int, gfn: UInt64, to target: Attribute) throws(OperationFailure)
    -> Bool
  {
    let range = p..<(p + 1)
    let toPrivate = target == .private
    let hooks = policy.faultabilityIsSeparate
    var s = file.pages.state(at: p)
    let scope = toPrivate ? mergeScope(file, range) : nil
    if hooks {
      if settings.vmemmapRestoreFails { return false }
      if toPrivate && (s.isAllocated && (s.isMapped || s.isPinned) || scope?.isEmpty == false) { return false }
    }
    if s.spte != .none {
      zapSPTEs(file, pages: range)
      s = file.pages.state(at: p)
    }
    var t = s
    t.isPrivate = toPrivate
    var clearsPage = false
    if hooks {
      t.isFaultable = !toPrivate
      // Patch 30 clears "prepared" on the folio: just this page when its folio is (or is about to be) split.
      let h = file.hugeIndex(ofPage: p)
      clearsPage =
        policy.clearsPreparedOnConversion
        && (!file.backing.isHuge || file.split[h] || (!toPrivate && s.isAllocated))
      if clearsPage { t.isUptodate = false }
    }
    if t != s { file.pages.set(page: p, to: t) }
    if hooks {
      if t.isFaultable != s.isFaultable {
        events.append(.faultability(FileRange(pages: range), faultable: t.isFaultable, pages: 1))
      }
      try restructure(file, pages: range, mergeScope: scope)
    }
    memAttrs.set(gfn..<(gfn + 1), private: toPrivate)
    if t.isPrivate != s.isPrivate { events.append(.attributes(FileRange(pages: range), target, pages: 1)) }
    if clearsPage {
      if s.isUptodate { events.append(.uptodateCleared(FileRange(pages: range), pages: 1)) }
    } else if hooks {
      clearPrepared(file, pages: range)
    }
    return true
  }
}
