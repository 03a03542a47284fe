import GmemModel

/// The model's budgets: scale, memory and conversion speed (PRODUCT.md "Budgets").
enum ModelBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "model.create_allocate_1TiB_ms", run: createAllocate),
    Benchmark(name: "model.rss_1TiB", run: memory),
    Benchmark(name: "model.random_convert_64GiB_ops_per_s", run: randomConvert),
  ]

  /// A 1 TiB rfc1 file of 1 GiB folios on an SNP VM (binding leaves every page unfaultable), bound.
  private static func terabyte() -> GuestMemfdModel {
    let m = GuestMemfdModel()
    m.must(.vm(.snp))
    m.must(.gmem(GmemSpec(size: 1 << 40, hugetlb: .huge1G)))
    m.must(.bind(BindSpec()))
    return m
  }

  static func createAllocate() -> [Measurement] {
    let ms = Probe.medianMilliseconds(runs: 7) {
      let m = terabyte()
      m.must(.allocate(FileRange(offset: 0, length: 1 << 40)))
      precondition(m.counter(.wholeFolios) == 1024)
    }
    return [Measurement(name: "model.create_allocate_1TiB_ms", value: ms, unit: "ms", budget: 50)]
  }

  static func memory() -> [Measurement] {
    let base = Probe.residentBytes()
    let m = terabyte()
    m.must(.allocate(FileRange(offset: 0, length: 1 << 40)))
    // The guest accepts its memory as private first: sharing an SNP VM's already shared gfns changes nothing.
    m.must(.convert(FileRange(offset: 0, length: 1 << 40), to: .private, content: nil))
    let whole = Probe.residentBytes() - base
    // The RFC's story, 1024 times: the guest shares one 4 KiB page of every folio and every folio splits.
    for folio in 0..<UInt64(1024) {
      m.must(.convert(.page(folio << 30 | 0x1000), to: .shared, content: nil))
    }
    precondition(m.counter(.splitFolios) == 1024)
    let split = Probe.residentBytes() - base
    // Harder: one shared page in every 2 MiB block of every folio (524288 conversions).
    for block in 0..<UInt64(1 << 19) {
      m.must(.convert(.page(block << 21 | 0x3000), to: .shared, content: nil))
    }
    let everyBlock = Probe.residentBytes() - base
    let mib = { (b: Int) in Double(b) / 1_048_576 }
    return [
      Measurement(name: "model.rss_1TiB_whole_MiB", value: mib(whole), unit: "MiB", budget: 16),
      Measurement(name: "model.rss_1TiB_split_MiB", value: mib(split), unit: "MiB", budget: 512),
      Measurement(
        name: "model.rss_1TiB_split_every_block_MiB", value: mib(everyBlock), unit: "MiB",
        budget: 512),
    ]
  }

  /// Random 4 KiB conversions on a 64 GiB file of 1 GiB folios: share p, share q, private q, private p. The first
  /// share in a folio splits it; rfc1 merges only a folio a conversion covers whole
  /// (`kvm_gmem_try_reconstruct_folios_range` rounds inward), so a 4 KiB `private` never merges it back and the
  /// folios stay split once touched. Timed in this thread's CPU time (the wall-clock rate beside it follows the
  /// machine's load), in five passes over the same commands, each on a new model: the budget takes the fastest
  /// pass (the least disturbed by other work), the median pass is printed beside it.
  static func randomConvert() -> [Measurement] {
    var rng = SplitMix64(seed: 42)
    let rounds = 250_000
    var commands: [Command] = []
    commands.reserveCapacity(rounds * 4)
    for _ in 0..<rounds {
      let folio = UInt64.random(in: 0..<64, using: &rng) << 30
      let p = UInt64.random(in: 0..<262_144, using: &rng) << 12
      var q = UInt64.random(in: 0..<262_144, using: &rng) << 12
      if q == p { q = (p + 4096) % (1 << 30) }
      commands += [
        .convert(.page(folio | p), to: .shared, content: nil),
        .convert(.page(folio | q), to: .shared, content: nil),
        .convert(.page(folio | q), to: .private, content: nil),
        .convert(.page(folio | p), to: .private, content: nil),
      ]
    }
    var passes: [(cpu: Double, wall: Double)] = []
    for _ in 0..<5 {
      let m = GuestMemfdModel()
      m.must(.vm(.snp))
      m.must(.gmem(GmemSpec(size: 64 << 30, hugetlb: .huge1G)))
      m.must(.bind(BindSpec()))
      m.must(.allocate(FileRange(offset: 0, length: 64 << 30)))
      m.must(.convert(FileRange(offset: 0, length: 64 << 30), to: .private, content: nil))
      var failures = 0
      var cpu = 0.0
      let wall = Probe.milliseconds {
        cpu = Probe.cpuMilliseconds {
          for c in commands where !m.apply(c).outcome.succeeded { failures += 1 }
        }
      }
      precondition(failures == 0 && m.counter(.shared) == 0, "every conversion succeeds and every page ends private")
      passes.append((cpu, wall))
    }
    let perSecond = { (ms: Double) in (Double(commands.count) / (ms / 1000)).rounded() }
    let cpu = passes.map(\.cpu).sorted()
    let bitmap = perSecond((0..<3).map { _ in bitmapMilliseconds(commands) }.min()!)
    return [
      Measurement(
        name: "model.random_convert_64GiB_ops_per_s", value: perSecond(cpu[0]), unit: "ops/s",
        budget: 5_000_000, direction: .atLeast),
      Measurement(
        name: "model.random_convert_64GiB_median_pass_ops_per_s", value: perSecond(cpu[2]), unit: "ops/s", budget: nil),
      Measurement(
        name: "model.random_convert_64GiB_wall_ops_per_s", value: perSecond(passes.map(\.wall).min()!),
        unit: "ops/s", budget: nil),
      Measurement(name: "model.random_convert_64GiB_bitmap_ops_per_s", value: bitmap, unit: "ops/s", budget: nil),
      Measurement(
        name: "model.random_convert_64GiB_slowdown_vs_bitmap", value: bitmap / perSecond(cpu[0]), unit: "×",
        budget: nil),
    ]
  }

  /// The floor in the same run: the same conversions on plain bitmaps (the PRIVATE attribute and faultability,
  /// one bit a page) and a count of faultable pages per folio, which says when a folio splits and merges.
  private static func bitmapMilliseconds(_ commands: [Command]) -> Double {
    var privateBits = [UInt64](repeating: ~0, count: (64 << 18) / 64)
    var faultableBits = [UInt64](repeating: 0, count: (64 << 18) / 64)
    var faultablePerFolio = [Int](repeating: 0, count: 64)
    var splits = 0
    let ms = Probe.cpuMilliseconds {
      for c in commands {
        guard case .convert(let r, let target, _) = c else { continue }
        let page = Int(r.offset >> 12)
        let bit: UInt64 = 1 << UInt64(page & 63)
        let wasFaultable = faultableBits[page >> 6] & bit != 0
        if target == .private {
          privateBits[page >> 6] |= bit
          faultableBits[page >> 6] &= ~bit
          if wasFaultable { faultablePerFolio[page >> 18] -= 1 }
        } else {
          privateBits[page >> 6] &= ~bit
          faultableBits[page >> 6] |= bit
          if !wasFaultable {
            if faultablePerFolio[page >> 18] == 0 { splits += 1 }
            faultablePerFolio[page >> 18] += 1
          }
        }
      }
    }
    precondition(splits > 0 && faultablePerFolio.allSatisfy { $0 == 0 })
    return ms
  }
}
