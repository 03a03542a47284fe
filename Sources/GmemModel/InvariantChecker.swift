/// A broken rule of the model: what and where.
public struct Violation: Equatable, Sendable, CustomStringConvertible {
  /// The rule, in a few words.
  public var rule: String
  /// Where: the first page (byte offset) that breaks it, when it is about pages.
  public var offset: UInt64?
  /// Details.
  public var detail: String

  public init(rule: String, offset: UInt64?, detail: String) {
    self.rule = rule
    self.offset = offset
    self.detail = detail
  }

  public var description: String {
    "\(rule)" + (offset.map { " at \(hex($0))" } ?? "") + ": \(detail)"
  }
}

/// Checks every invariant of the model and names each one that is broken. Tests run it after every step.
public enum InvariantChecker {
  /// The broken invariants of `model`; empty when the state is legal.
  public static func check(_ model: GuestMemfdModel) -> [Violation] {
    var out: [Violation] = []
    for (backing, free) in model.poolFree {
      let resv = model.poolResv[backing] ?? 0
      if resv < 0 || resv > free {
        out.append(
          Violation(
            rule: "pool counters", offset: nil,
            detail: "\(backing.rawValue): free \(free), resv \(resv)"))
      }
    }
    guard let file = model.file else { return out }
    for problem in file.pages.auditCounts() {
      out.append(Violation(rule: "counters equal their pages", offset: nil, detail: problem))
    }
    let all = 0..<file.pageCount
    func first(_ rule: String, _ detail: String, _ bad: (PageState) -> Bool) {
      if let p = file.pages.firstPage(in: all, where: bad) {
        out.append(Violation(rule: rule, offset: Geometry.offset(ofPage: p), detail: detail))
      }
    }
    first("a hole holds nothing", "not allocated but uptodate, mapped, pinned or with content") {
      !$0.isAllocated && ($0.isUptodate || $0.isMapped || $0.isPinned || $0.content != 0)
    }
    first("a mapped page is faulted in", "host PTE on a page that is not uptodate and faultable") {
      // Where faultability is separate (rfc1), PTEs stay where a conversion cleared uptodate (P30) or a re-bind
      // cleared faultability [F1].
      $0.isMapped && !model.profile.policy.faultabilityIsSeparate && !($0.isUptodate && $0.isFaultable)
    }
    let mappers = file.mappedBy.reduce(UInt8(0)) { $0 | UInt8(1 << ($1 - 1)) }
    first("PTEs only in processes that map the file", "a PTE in a process without the mapping") {
      $0.mappedProcesses & ~mappers != 0
    }
    first("only the file's own pages are pinned", "a pinned hole") {
      $0.isPinned && !$0.isAllocated
    }
    if model.profile.attributesLiveInFile {
      first(
        "shared is faultable, private is not (rfc2/inplace)",
        "faultability disagrees with the attribute"
      ) {
        $0.isFaultable == $0.isPrivate
      }
      first("a private page is never host-mapped (rfc2/inplace)", "private and mapped") {
        $0.isPrivate && $0.isMapped
      }
    }
    if model.profile.policy.shareabilityFixedAtCreation {
      first("upstream shared/private of the file is fixed", "faultable differs from INIT_SHARED") {
        $0.isFaultable != file.flags.initShared
      }
    }
    first("an SPTE maps an allocated page", "SPTE on a hole") {
      $0.spte != .none && !$0.isAllocated
    }
    if let p = file.pages.firstPage(in: all, where: { $0.spte != .none }),
      file.pages.contains(in: all, where: { $0.spte != .none }),
      !model.memslots.contains(where: { $0.binds(offset: Geometry.offset(ofPage: p)) })
    {
      out.append(
        Violation(
          rule: "an SPTE maps a bound page", offset: Geometry.offset(ofPage: p), detail: "no memslot binds it")
      )
    }
    if file.backing.isHuge {
      out += checkHugePages(model, file)
    } else {
      first("base pages are mapped at 4K", "huge SPTE over base pages") { $0.spte > .pte4K }
    }
    return out
  }
}
