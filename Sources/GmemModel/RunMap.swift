/// A value per page index, stored as sorted, disjoint runs of equal value, so a value set over a huge range
/// costs one run (pins, orphans, the separate shared backing). An index outside every run has no value.
public struct RunMap<Value: Equatable & Sendable>: Equatable, Sendable {
  /// One run: the indices of `range` all hold `value`.
  public struct Run: Equatable, Sendable {
    /// The indices.
    public var range: Range<Int>
    /// Their value.
    public var value: Value
  }

  /// The runs, sorted and disjoint; adjacent runs hold different values.
  public private(set) var runs: [Run] = []

  /// No value anywhere.
  public init() {}

  /// True when no index has a value.
  public var isEmpty: Bool { runs.isEmpty }

  /// The value at index `i`, or nil.
  public subscript(i: Int) -> Value? {
    let k = firstRun(endingAfter: i)
    return k < runs.count && runs[k].range.contains(i) ? runs[k].value : nil
  }

  /// The position of the first run that ends after index `i`.
  private func firstRun(endingAfter i: Int) -> Int {
    var lo = 0
    var hi = runs.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if runs[mid].range.upperBound > i { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// Calls `body` with each run of values over `range`, clipped to it, in order (indices without a value are
  /// skipped).
  public func forEachRun(in range: Range<Int>, _ body: (Range<Int>, Value) -> Void) {
    var k = firstRun(endingAfter: range.lowerBound)
    while k < runs.count, runs[k].range.lowerBound < range.upperBound {
      let r = runs[k].range.clamped(to: range)
      if !r.isEmpty { body(r, runs[k].value) }
      k += 1
    }
  }

  /// Sets every index of `range` to `value` (nil removes the values).
  public mutating func set(_ range: Range<Int>, to value: Value?) {
    update(range) { _ in value }
  }

  /// Replaces the value of every index of `range` by `transform` of it (nil for none, in and out), once per run
  /// and once per gap; equal neighbours are merged.
  public mutating func update(_ range: Range<Int>, _ transform: (Value?) -> Value?) {
    guard !range.isEmpty else { return }
    // Runs that overlap or touch `range` lie in lo..<hi; touching ones are kept so equal values merge.
    let lo = firstRun(endingAfter: range.lowerBound - 1)
    var hi = lo
    while hi < runs.count, runs[hi].range.lowerBound <= range.upperBound { hi += 1 }
    // Each run met gives at most four pieces (its part before, the gap before it, its part inside, its part
    // after), and the gap after the last one more: a small update builds them on the stack.
    withUnsafeTemporaryAllocation(of: Run.self, capacity: 4 * (hi - lo) + 1) { pieces in
      var n = 0
      func append(_ lower: Int, _ upper: Int, _ v: Value?) {
        guard lower < upper, let v else { return }
        if n > 0, pieces[n - 1].range.upperBound == lower, pieces[n - 1].value == v {
          pieces[n - 1].range = pieces[n - 1].range.lowerBound..<upper
        } else {
          pieces.initializeElement(at: n, to: Run(range: lower..<upper, value: v))
          n += 1
        }
      }
      var cursor = range.lowerBound
      for k in lo..<hi {
        let run = runs[k]
        append(run.range.lowerBound, min(run.range.upperBound, range.lowerBound), run.value)
        let gapEnd = min(max(run.range.lowerBound, range.lowerBound), range.upperBound)
        if cursor < gapEnd {
          append(cursor, gapEnd, transform(nil))
          cursor = gapEnd
        }
        let inside = run.range.clamped(to: range)
        if !inside.isEmpty {
          append(inside.lowerBound, inside.upperBound, transform(run.value))
          cursor = inside.upperBound
        }
        append(max(run.range.lowerBound, range.upperBound), run.range.upperBound, run.value)
      }
      if cursor < range.upperBound { append(cursor, range.upperBound, transform(nil)) }
      runs.replaceSubrange(lo..<hi, with: UnsafeMutableBufferPointer(rebasing: pieces[0..<n]))
      _ = pieces.prefix(n).deinitialize()
    }
  }

  /// The runs of indices of `range` that have no value, in order.
  public func gaps(in range: Range<Int>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var cursor = range.lowerBound
    forEachRun(in: range) { r, _ in
      if cursor < r.lowerBound { out.append(cursor..<r.lowerBound) }
      cursor = r.upperBound
    }
    if cursor < range.upperBound { out.append(cursor..<range.upperBound) }
    return out
  }

  /// True when some index of `range` has a value.
  public func contains(in range: Range<Int>) -> Bool {
    let k = firstRun(endingAfter: range.lowerBound)
    return k < runs.count && runs[k].range.lowerBound < range.upperBound && !range.isEmpty
  }

  /// The sum of `weight(value) × length` over the runs in `range`.
  public func total(in range: Range<Int>, _ weight: (Value) -> Int) -> Int {
    var n = 0
    forEachRun(in: range) { r, v in n += weight(v) * r.count }
    return n
  }
}
