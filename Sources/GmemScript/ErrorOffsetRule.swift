import GmemModel

/// `expect ERRNO at OFF` checks the error offset the previous operation reported, and some calls report none.
///
/// `punch` is fallocate(2) and `remove` is madvise(2): each returns only an errno. rfc2's merge-truncate knows the
/// page whose refcount failed it but drops it (`kvm_gmem_merge_truncate_indices` passes `&unused` to
/// `kvm_gmem_has_safe_refcount`), so no kernel can give such an `at` a value, and the parser refuses it.
enum ErrorOffsetRule {
  /// Throws when `statement` is `expect ERRNO at OFF` right after `previous` (the last operation of the lines
  /// before it), a call that reports no offset; the error points at `at` in `tokens`.
  static func check(_ statement: Statement, tokens: [Token], after previous: Command?) throws(SyntaxError) {
    guard case .expect(.errno(let errno, .some)) = statement, let previous, let call = call(previous) else { return }
    let at = tokens.first { $0.kind == .word && $0.value == "at" } ?? tokens[0]
    throw SyntaxError(
      column: at.column,
      message:
        "'at' cannot follow '\(previous.verb)': \(call) returns only an errno, no error offset "
        + "(write 'expect \(errno.rawValue)'; the explanation names the page)")
  }

  /// The system call behind `command` when it reports no error offset.
  private static func call(_ command: Command) -> String? {
    switch command {
    case .punch: "fallocate(2)"
    case .remove: "madvise(2)"
    default: nil
    }
  }
}
