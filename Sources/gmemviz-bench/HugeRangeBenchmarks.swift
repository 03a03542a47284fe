import GmemModel

/// One command over a huge range costs its runs, not its pages (issue 14): under a second each.
enum HugeRangeBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "model.guest_write_1TiB_ms", run: guestWrite),
    Benchmark(name: "model.pin_punch_unpin_64GiB_ms", run: pinPunchUnpin),
  ]

  /// `guest write 0+1T 0x55` on rfc1 sw-protected, 1 TiB of 1 GiB folios mapped by the VMM: every page is shared,
  /// so every folio is faulted in through userspace_addr and split.
  static func guestWrite() -> [Measurement] {
    let ms = Probe.medianMilliseconds(runs: 5) {
      let m = GuestMemfdModel()
      for c: Command in [
        .vm(.swProtected), .gmem(GmemSpec(size: 1 << 40, hugetlb: .huge1G)), .mmap(process: 1), .bind(BindSpec()),
        .guestWrite(FileRange(offset: 0, length: 1 << 40), byte: 0x55, access: nil),
      ] {
        m.must(c)
      }
      precondition(m.counter(.splitFolios) == 1024)
    }
    return [Measurement(name: "model.guest_write_1TiB_ms", value: ms, unit: "ms", budget: 1000)]
  }

  /// Upstream 64 GiB of base pages: pin everything twice, punch it (every page an orphan), unpin twice.
  static func pinPunchUnpin() -> [Measurement] {
    let all = FileRange(offset: 0, length: 64 << 30)
    let ms = Probe.medianMilliseconds(runs: 5) {
      let m = GuestMemfdModel()
      for c: Command in [
        .profile(.upstream), .vm(.default), .gmem(GmemSpec(size: 64 << 30, flagNames: [.mmap, .initShared])),
        .bind(BindSpec()), .mmap(process: 1), .pin(all), .pin(all), .punch(all), .unpin(all), .unpin(all),
      ] {
        m.must(c)
      }
      precondition(m.file?.orphanCount == 0)
    }
    return [Measurement(name: "model.pin_punch_unpin_64GiB_ms", value: ms, unit: "ms", budget: 1000)]
  }
}
