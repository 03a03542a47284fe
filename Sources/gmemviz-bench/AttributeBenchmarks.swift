import GmemModel

/// KVM_SET_MEMORY_ATTRIBUTES at scale (issue 12): a conversion costs the same however many private ranges the VM's
/// attributes have accumulated.
enum AttributeBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "model.attribute_walk_64GiB", run: randomWalk)]

  /// The file's 4 KiB pages.
  private static let pages: UInt64 = 64 << 18
  /// Conversions timed together: the first block, and the block after half the walk.
  private static let block = 100_000

  /// 1 M steps of a random walk over the pages (up to 4096 pages either way), each converting the page it lands on
  /// to private or shared at random.
  static func walk() -> [(page: UInt64, toPrivate: Bool)] {
    var rng = SplitMix64(seed: 42)
    var page = pages / 2
    return (0..<1_000_000).map { _ in
      page = (page + pages + UInt64.random(in: 0...8192, using: &rng) - 4096) % pages
      return (page, Bool.random(using: &rng))
    }
  }

  /// The walk on rfc1 (an SNP VM, 64 GiB of 1 GiB folios, bound, allocated, all private), timed per block of
  /// 100 000 conversions in this thread's CPU time; and the same walk setting and clearing bits of a plain bitmap,
  /// as the floor.
  static func randomWalk() -> [Measurement] {
    let steps = walk()
    let all = FileRange(offset: 0, length: pages << 12)
    let m = GuestMemfdModel()
    for c: Command in [
      .profile(.rfc1), .vm(.snp), .gmem(GmemSpec(size: pages << 12, hugetlb: .huge1G)), .bind(BindSpec()),
      .allocate(all), .convert(all, to: .private, content: nil),
    ] {
      m.must(c)
    }
    let commands = steps.map {
      Command.convert(.page($0.page << 12), to: $0.toPrivate ? .private : .shared, content: nil)
    }
    var failures = 0
    let blockMs = stride(from: 0, to: commands.count, by: block).map { start in
      Probe.cpuMilliseconds {
        for c in commands[start..<(start + block)] where !m.apply(c).outcome.succeeded { failures += 1 }
      }
    }
    precondition(failures == 0, "every conversion of the walk must succeed: \(failures) failed")
    let ranges = m.memAttrs.privateRanges.count
    var bits = [UInt64](repeating: ~0, count: Int(pages / 64))
    let bitmapMs = Probe.cpuMilliseconds {
      for s in steps {
        let bit: UInt64 = 1 << (s.page & 63)
        if s.toPrivate { bits[Int(s.page >> 6)] |= bit } else { bits[Int(s.page >> 6)] &= ~bit }
      }
    }
    precondition(bits.reduce(0) { $0 + $1.nonzeroBitCount } > 0)
    let perSecond = { (ops: Int, ms: Double) in (Double(ops) / (ms / 1000)).rounded() }
    let first = perSecond(block, blockMs[0])
    let later = perSecond(block, blockMs[5])
    return [
      Measurement(
        name: "model.attribute_walk_64GiB_first_100k_ops_per_s", value: first, unit: "ops/s", budget: 300_000,
        direction: .atLeast),
      Measurement(
        name: "model.attribute_walk_64GiB_after_500k_ops_per_s", value: later, unit: "ops/s", budget: 300_000,
        direction: .atLeast),
      Measurement(
        name: "model.attribute_walk_64GiB_after_500k_vs_first", value: later / first, unit: "ratio", budget: 0.7,
        direction: .atLeast),
      Measurement(
        name: "model.attribute_walk_64GiB_private_ranges", value: Double(ranges), unit: "ranges", budget: nil),
      Measurement(
        name: "model.attribute_walk_64GiB_bitmap_ops_per_s", value: perSecond(steps.count, bitmapMs), unit: "ops/s",
        budget: nil),
    ]
  }
}
