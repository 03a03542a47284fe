import GmemModel

/// The model's memory at its worst and over huge ranges (issue 12): a terabyte whose pages alternate, and a pin
/// and unpin of a whole terabyte.
enum DenseBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "model.dense_1TiB_every_other_page", run: everyOtherPage),
    Benchmark(name: "model.pin_unpin_1TiB", run: pinUnpin),
  ]

  /// rfc1, an SNP VM, 1 TiB of 1 GiB folios bound, allocated and private; then every other 4 KiB page shared, one
  /// `share` each (134 M conversions): no two neighbouring pages agree, so no run and no uniform block is left.
  static func everyOtherPage() -> [Measurement] {
    let size: UInt64 = 1 << 40
    let base = Probe.residentBytes()
    let m = GuestMemfdModel()
    for c: Command in [
      .profile(.rfc1), .vm(.snp), .gmem(GmemSpec(size: size, hugetlb: .huge1G)), .bind(BindSpec()),
      .allocate(FileRange(offset: 0, length: size)),
      .convert(FileRange(offset: 0, length: size), to: .private, content: nil),
    ] {
      m.must(c)
    }
    var failures = 0
    let ms = Probe.milliseconds {
      for offset in stride(from: UInt64(0), to: size, by: 8192) {
        if !m.apply(.convert(.page(offset), to: .shared, content: nil)).outcome.succeeded { failures += 1 }
      }
    }
    precondition(failures == 0 && m.counter(.shared) == size >> 13, "every other page shared")
    let mib = Double(Probe.residentBytes() - base) / 1_048_576
    return [
      Measurement(name: "model.dense_1TiB_every_other_page_MiB", value: mib, unit: "MiB", budget: 1024),
      Measurement(
        name: "model.dense_1TiB_every_other_page_ops_per_s", value: (Double(size >> 13) / (ms / 1000)).rounded(),
        unit: "ops/s", budget: nil),
    ]
  }

  /// Upstream, 1 TiB of base pages, MMAP and INIT_SHARED, mapped by the VMM: `pin 0+1T` then `unpin 0+1T`, and the
  /// resident memory that adds.
  static func pinUnpin() -> [Measurement] {
    let all = FileRange(offset: 0, length: 1 << 40)
    let base = Probe.residentBytes()
    let ms = Probe.medianMilliseconds(runs: 5) {
      let m = GuestMemfdModel()
      for c: Command in [
        .profile(.upstream), .vm(.default), .gmem(GmemSpec(size: 1 << 40, flagNames: [.mmap, .initShared])),
        .bind(BindSpec()), .mmap(process: 1), .pin(all), .unpin(all),
      ] {
        m.must(c)
      }
      precondition(m.counter(.pinned) == 0)
    }
    let mib = Double(Probe.residentBytes() - base) / 1_048_576
    return [
      Measurement(name: "model.pin_unpin_1TiB_ms", value: ms, unit: "ms", budget: 500),
      Measurement(name: "model.pin_unpin_1TiB_rss_MiB", value: mib, unit: "MiB", budget: 100),
    ]
  }
}
