import GmemModel

/// The VM's attribute array alone (issue 12): what one single-gfn KVM_SET_MEMORY_ATTRIBUTES and one lookup cost in
/// `MemAttrArray`, on the pattern of `random_convert` and on the attribute walk's scattered state, beside a plain
/// bitmap doing the same sets in the same run.
enum MemAttrBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "model.memattr_single_gfn", run: singleGFN)]

  /// The gfns of a 64 GiB VM, from the default memslot's first gfn.
  private static let base: UInt64 = 1 << 20
  private static let gfns: UInt64 = 64 << 18

  /// `random_convert`'s sets: in a random 1 GiB folio of an all-private VM, p shared, q shared, q private,
  /// p private.
  private static func convertSets() -> [(gfn: UInt64, toPrivate: Bool)] {
    var rng = SplitMix64(seed: 42)
    var sets: [(gfn: UInt64, toPrivate: Bool)] = []
    sets.reserveCapacity(1_000_000)
    for _ in 0..<250_000 {
      let folio = base + UInt64.random(in: 0..<64, using: &rng) << 18
      let p = UInt64.random(in: 0..<262_144, using: &rng)
      var q = UInt64.random(in: 0..<262_144, using: &rng)
      if q == p { q = (p + 1) % 262_144 }
      sets += [(folio + p, false), (folio + q, false), (folio + q, true), (folio + p, true)]
    }
    return sets
  }

  /// Nanoseconds per element of `count` taking `ms`.
  private static func ns(_ ms: Double, _ count: Int) -> Double { (ms * 1e6 / Double(count) * 10).rounded() / 10 }

  /// The least of five timings of `body` in this thread's CPU time: the machine is shared, and what another
  /// process takes from a run only adds to it.
  private static func leastCPU(_ body: () -> Void) -> Double {
    (0..<5).map { _ in Probe.cpuMilliseconds(body) }.min() ?? 0
  }

  /// Each pattern's sets, after a lookup of the same gfn as a conversion makes (`all(_:private:)` of one gfn), and
  /// alone; then lookups alone. `random_convert`'s rounds leave the VM as they found it, so each timing repeats them
  /// on the same state.
  static func singleGFN() -> [Measurement] {
    let convert = convertSets()
    var attrs = MemAttrArray()
    attrs.set(base..<(base + gfns), private: true)
    var differing = 0
    let convertMs = leastCPU {
      for s in convert {
        if attrs.isPrivate(s.gfn) != s.toPrivate { differing += 1 }
        attrs.set(s.gfn..<(s.gfn + 1), private: s.toPrivate)
      }
    }
    precondition(differing == 5 * convert.count && attrs.privateRanges == [base..<(base + gfns)])
    let setMs = leastCPU {
      for s in convert { attrs.set(s.gfn..<(s.gfn + 1), private: s.toPrivate) }
    }
    // Lookups halfway through a round: two gfns of one folio shared.
    attrs.set(convert[0].gfn..<(convert[0].gfn + 1), private: false)
    attrs.set(convert[1].gfn..<(convert[1].gfn + 1), private: false)
    var shared = 0
    let lookupConvertMs = leastCPU {
      for s in convert where !attrs.isPrivate(s.gfn) { shared += 1 }
    }
    precondition(shared >= 2 && attrs.privateRanges.count == 3)

    var bits = [UInt64](repeating: ~0, count: Int(gfns / 64))
    differing = 0
    let bitmapMs = leastCPU {
      for s in convert {
        let i = Int((s.gfn - base) >> 6)
        let bit: UInt64 = 1 << ((s.gfn - base) & 63)
        if (bits[i] & bit != 0) != s.toPrivate { differing += 1 }
        if s.toPrivate { bits[i] |= bit } else { bits[i] &= ~bit }
      }
    }
    precondition(differing == 5 * convert.count && bits.allSatisfy { $0 == ~0 })

    let walk = AttributeBenchmarks.walk().map { (gfn: base + $0.page, toPrivate: $0.toPrivate) }
    attrs = MemAttrArray()
    attrs.set(base..<(base + gfns), private: true)
    var matching = 0
    let walkMs = Probe.cpuMilliseconds {
      for s in walk {
        if attrs.isPrivate(s.gfn) == s.toPrivate { matching += 1 }
        attrs.set(s.gfn..<(s.gfn + 1), private: s.toPrivate)
      }
    }
    var found = 0
    let lookupWalkMs = leastCPU {
      for s in walk where attrs.isPrivate(s.gfn ^ 1) { found += 1 }
    }
    precondition(matching > 0 && found > 0)
    // The budget is the lookup and the set a one-page conversion does: 35 ns of the 200 ns (5 M/s) the whole
    // conversion may take (random_convert); the set alone is printed without one.
    return [
      Measurement(
        name: "model.memattr_single_gfn_convert_ns", value: ns(convertMs, convert.count), unit: "ns", budget: 35),
      Measurement(
        name: "model.memattr_single_gfn_convert_bitmap_ns", value: ns(bitmapMs, convert.count), unit: "ns",
        budget: nil),
      Measurement(
        name: "model.memattr_single_gfn_convert_vs_bitmap", value: (convertMs / bitmapMs * 10).rounded() / 10,
        unit: "×", budget: nil),
      Measurement(name: "model.memattr_set_convert_ns", value: ns(setMs, convert.count), unit: "ns", budget: nil),
      Measurement(
        name: "model.memattr_is_private_convert_ns", value: ns(lookupConvertMs, convert.count), unit: "ns",
        budget: 10),
      Measurement(name: "model.memattr_single_gfn_walk_ns", value: ns(walkMs, walk.count), unit: "ns", budget: nil),
      Measurement(
        name: "model.memattr_is_private_walk_ns", value: ns(lookupWalkMs, walk.count), unit: "ns", budget: nil),
      Measurement(
        name: "model.memattr_walk_private_ranges", value: Double(attrs.privateRanges.count), unit: "ranges",
        budget: nil),
      Measurement(
        name: "model.memattr_walk_KiB", value: Double(attrs.approximateBytes / 1024), unit: "KiB", budget: nil),
    ]
  }
}
