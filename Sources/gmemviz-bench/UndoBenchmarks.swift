import GmemModel

/// Undo and the timeline keep a copy of the model per step (issue 12): a step costs what it changes, not the
/// whole state.
enum UndoBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "model.undo_step_64GiB_split_ms", run: stepOnSplitFile),
    Benchmark(name: "model.undo_500_steps_1TiB_MiB", run: fiveHundredSteps),
  ]

  /// An SNP VM with a bound, allocated, private rfc1 file of `size` bytes of `folio` HugeTLB pages, one 4 KiB page
  /// in every `spacing` bytes shared, so every folio is split.
  private static func file(size: UInt64, folio: Backing, sharedEvery spacing: UInt64) -> GuestMemfdModel {
    let m = GuestMemfdModel()
    m.must(.vm(.snp))
    m.must(.gmem(GmemSpec(size: size, hugetlb: folio)))
    m.must(.bind(BindSpec()))
    m.must(.allocate(FileRange(offset: 0, length: size)))
    // The guest accepts its memory as private first: a share on an SNP VM's already shared gfns changes nothing
    // (kvm_vm_set_mem_attributes returns early), so nothing would split.
    m.must(.convert(FileRange(offset: 0, length: size), to: .private, content: nil))
    for offset in stride(from: UInt64(0x1000), to: size, by: Int(spacing)) {
      m.must(.convert(.page(offset), to: .shared, content: nil))
    }
    precondition(m.counter(.splitFolios) == Int(size / folio.folioSize))
    return m
  }

  /// One undo step as the TUI takes it (copy, then convert a page) on 64 GiB of 2 MiB folios, every one split by
  /// 32 shared pages (so each block holds a state per page): the median of 21, keeping every copy as the undo
  /// history does.
  static func stepOnSplitFile() -> [Measurement] {
    let m = file(size: 64 << 30, folio: .huge2M, sharedEvery: 64 << 10)
    var past: [GuestMemfdModel] = []
    var rng = SplitMix64(seed: 7)
    let ms = Probe.medianMilliseconds(runs: 21) {
      past.append(m.copy())
      let page = UInt64.random(in: 0..<(64 << 18), using: &rng) << 12
      _ = m.apply(.convert(.page(page), to: .shared, content: nil))
    }
    precondition(past.count == 21)
    return [Measurement(name: "model.undo_step_64GiB_split_ms", value: ms, unit: "ms", budget: 20)]
  }

  /// Resident memory that 500 undo steps (copy, then convert a page) add on 1 TiB of 1 GiB folios, every one
  /// split, with a shared page in every 2 MiB block (524 288 block details).
  static func fiveHundredSteps() -> [Measurement] {
    let m = file(size: 1 << 40, folio: .huge1G, sharedEvery: 2 << 20)
    var past: [GuestMemfdModel] = []
    var rng = SplitMix64(seed: 7)
    let base = Probe.residentBytes()
    let steps = 500
    for _ in 0..<steps {
      past.append(m.copy())
      let page = UInt64.random(in: 0..<(1 << 28), using: &rng) << 12
      _ = m.apply(.convert(.page(page), to: .shared, content: nil))
    }
    let mib = Double(Probe.residentBytes() - base) / 1_048_576
    precondition(past.count == steps)
    return [Measurement(name: "model.undo_500_steps_1TiB_MiB", value: mib, unit: "MiB", budget: 1024)]
  }
}
