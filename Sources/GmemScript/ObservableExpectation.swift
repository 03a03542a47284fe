import GmemModel

/// The part of an `expect` line a backend can check. The model knows everything. A running kernel lets a process
/// read back allocation (cachestat), its own mapping (mincore, pagemap), its pins and their orphans, folio orders,
/// and every outcome; the shared/private attribute is the one the kvm backend set (KVM_SET_MEMORY_ATTRIBUTES
/// applies a range whole or not at all). It cannot read SPTEs, faultability or the host's HugeTLB pools: those
/// words and counters are "not observable here", and neither hold nor fail.
public struct ObservableExpectation: Equatable, Sendable {
  /// What is left to check; nil when nothing of the expectation can be observed.
  public var checked: Expectation?
  /// The words and counters left out, as written (`no-spte`, `spte=0`), in the line's order.
  public var notObservable: [String]

  /// The part of `expectation` that `view` can observe.
  public init(_ expectation: Expectation, on view: any StateView) {
    guard view.isReadFromKernel else {
      self.init(checked: expectation, notObservable: [])
      return
    }
    switch expectation {
    case .page(let range, let words):
      let kept = words.filter(Self.kernelObserves)
      self.init(
        checked: kept.isEmpty ? nil : .page(range, kept),
        notObservable: words.filter { !Self.kernelObserves($0) }.map(\.description))
    case .count(let counters):
      let kept = counters.filter { Self.kernelObserves($0.name) }
      self.init(
        checked: kept.isEmpty ? nil : .count(kept),
        notObservable: counters.filter { !Self.kernelObserves($0.name) }.map { "\($0.name.rawValue)=\($0.value)" })
    case .ok, .errno, .signal, .exit, .value, .folio:
      self.init(checked: expectation, notObservable: [])
    }
  }

  private init(checked: Expectation?, notObservable: [String]) {
    self.checked = checked
    self.notObservable = notObservable
  }

  /// True when a running kernel lets a process read `word` back.
  public static func kernelObserves(_ word: StateWord) -> Bool {
    switch word {
    case .shared, .private, .allocated, .hole, .mapped, .unmapped, .pinned, .unpinned, .orphan: true
    case .faultable, .unfaultable, .spte, .noSPTE, .spteLevel: false
    }
  }

  /// True when a running kernel lets a process read counter `name` back.
  public static func kernelObserves(_ name: CounterName) -> Bool {
    switch name {
    case .pages, .allocated, .shared, .private, .mapped, .pinned, .wholeFolios, .splitFolios: true
    case .faultable, .spte, .poolFree, .poolResv, .vmemmapRestored: false
    }
  }
}
