import GmemModel

/// Evaluates `expect` lines against the previous operation's result and the backend's state.
public enum ExpectationCheck {
  /// nil when `expectation` holds; otherwise what was expected and what happened, in one line.
  public static func failure(
    of expectation: Expectation, previous: OperationResult?, view: any StateView
  ) -> String? {
    switch expectation {
    case .ok, .errno, .signal, .exit, .value:
      guard let previous else { return "there is no previous operation to check" }
      return outcomeFailure(expectation, previous)
    case .page(let range, let words):
      return pageFailure(range, words, view)
    case .folio(let off, let whole):
      guard off >> Geometry.pageShift < UInt64(view.pageCount) else { return outside(hex(off), view) }
      let shape = view.folioShape(ofPage: Geometry.page(ofOffset: off))
      let want: FolioShape = whole ? .whole : .split
      return shape == want
        ? nil : "expected the folio at \(hex(off)) \(want.rawValue), but it is \(describe(shape))"
    case .count(let counters):
      let wrong = counters.filter { view.counter($0.name) != $0.value }
      guard !wrong.isEmpty else { return nil }
      return wrong.map { "\($0.name.rawValue) is \(view.counter($0.name)), expected \($0.value)" }
        .joined(separator: "; ")
    }
  }

  /// The one failure for an offset or range past the end of the file (or with no file).
  private static func outside(_ what: String, _ view: any StateView) -> String {
    "\(what) is not inside the file (\(view.pageCount) pages)"
  }

  private static func describe(_ shape: FolioShape) -> String {
    switch shape {
    case .hole: "a hole (nothing allocated)"
    case .whole: "whole"
    case .split: "split"
    case .base: "a 4K folio (no huge page)"
    }
  }

  private static func outcomeFailure(_ e: Expectation, _ previous: OperationResult) -> String? {
    let got = previous.outcome
    let happened: String = {
      if case .unsupported(let reason) = got { return "unsupported: \(reason)" }
      return got.text + (previous.detail.map { " (\($0))" } ?? "")
    }()
    switch (e, got) {
    case (.ok, _) where got.succeeded:
      return nil
    case (.errno(let want, let at), .errno(let have, let haveAt)) where want == have:
      if let at, at != haveAt {
        return "expected \(want.rawValue) at \(hex(at)), got \(have.rawValue) "
          + (haveAt.map { "at \(hex($0))" } ?? "with no error offset")
      }
      return nil
    case (.signal(let want, let at), .signal(let have, let haveAt)) where want == have:
      if let at, at != haveAt {
        return "expected \(want.rawValue) at \(hex(at)), got it at \(hex(haveAt))"
      }
      return nil
    case (.exit(let reason, let at), .exit(let exit)) where exit.reason == reason:
      if let at, at != exit.offset {
        return "expected \(reason.rawValue) at \(hex(at)), got it at "
          + (exit.offset.map(hex) ?? "an unbound gpa")
      }
      return nil
    case (.value(let byte), .value(let seen)):
      if seen.elements == [byte] { return nil }
      return
        "expected every byte read to be \(ByteSet([byte]).text.dropFirst(6)), the read saw \(seen.text)"
    default:
      return "expected \(text(of: e)), got \(happened)"
    }
  }

  private static func text(of e: Expectation) -> String {
    switch e {
    case .ok: "ok"
    case .errno(let errno, let at): errno.rawValue + (at.map { " at \(hex($0))" } ?? "")
    case .signal(let s, let at): s.rawValue + (at.map { " at \(hex($0))" } ?? "")
    case .exit(let reason, let at): reason.rawValue + (at.map { " at \(hex($0))" } ?? "")
    case .value(let b): "value \(b)"
    default: "\(e)"
    }
  }

  /// The predicate a state word asks of a page (orphan is checked separately).
  public static func holds(_ word: StateWord, _ s: PageState) -> Bool {
    switch word {
    case .shared: !s.isPrivate
    case .private: s.isPrivate
    case .faultable: s.isFaultable
    case .unfaultable: !s.isFaultable
    case .allocated: s.isAllocated
    case .hole: !s.isAllocated
    case .mapped: s.isMapped
    case .unmapped: !s.isMapped
    case .pinned: s.isPinned
    case .unpinned: !s.isPinned
    case .spte: s.spte != .none
    case .noSPTE: s.spte == .none
    case .spteLevel(let level): s.spte == level
    case .orphan: true
    }
  }

  /// The state words that describe a page, in the language's order.
  public static func words(of s: PageState, orphans: Int) -> [String] {
    var w: [String] = [
      s.isPrivate ? "private" : "shared", s.isFaultable ? "faultable" : "unfaultable",
      s.isAllocated ? "allocated" : "hole", s.isMapped ? "mapped" : "unmapped",
      s.isPinned ? "pinned" : "unpinned", s.spte == .none ? "no-spte" : "spte=\(s.spte.name)",
    ]
    if orphans > 0 { w.append("orphan") }
    return w
  }

  private static func pageFailure(_ r: FileRange, _ words: [StateWord], _ view: any StateView)
    -> String?
  {
    let touched = r.touchedPages
    guard touched.upperBound <= UInt64(view.pageCount), !touched.isEmpty else { return outside("\(r)", view) }
    let range = Int(touched.lowerBound)..<Int(touched.upperBound)
    for word in words {
      if word == .orphan {
        if let p = range.first(where: { view.orphans(at: $0) == 0 }) {
          return failurePage(p, word, view)
        }
        continue
      }
      if let p = view.firstPage(in: range, where: { !holds(word, $0) }) {
        return failurePage(p, word, view)
      }
    }
    return nil
  }

  private static func failurePage(_ p: Int, _ word: StateWord, _ view: any StateView) -> String {
    let state =
      view.page(p).map { words(of: $0, orphans: view.orphans(at: p)).joined(separator: " ") } ?? "?"
    return "page \(hex(Geometry.offset(ofPage: p))) is not \(word) (it is \(state))"
  }
}
