import GmemModel

/// Random but reproducible command sequences for one seed: a setup (profile, VM, pool, `gmem` with valid and
/// invalid flags and sizes, memslots, mmaps), then operations mixed with the odd setup command, on ranges
/// biased toward page, 2 MiB block and huge page boundaries, some misaligned and some out of range.
struct SequenceGenerator {
  var rng: SplitMix64
  let kind: DifferentialKind
  let profile: Profile
  /// The VM the setup creates; nil lets `gmem` create a sw-protected one.
  let vmType: VMType?
  let fileSize: UInt64
  /// Operations after the setup.
  let steps: Int
  /// The model settings: HVO, vmemmap restores (so splits) failing with ENOMEM, emulated guest accesses.
  let settings: ModelSettings
  /// Commands decided ahead (the setup, or a new file after the old one was evicted).
  private var queue: [Command] = []
  /// Commands of the setup.
  private(set) var setupLength = 0

  init(seed: UInt64) {
    rng = SplitMix64(seed: seed)
    kind = DifferentialKind.of(seed: seed)
    profile = rng.pick(kind.profiles)
    let vms: [VMType]
    switch profile {
    case .rfc1, .rfc2: vms = [.swProtected, .swProtected, .swProtected, .snp, .tdx, .default]
    case .inplace: vms = [.swProtected, .swProtected, .snp, .tdx, .default, .sev]
    case .upstream: vms = [.default, .default, .swProtected, .snp]
    }
    vmType = rng.chance(15) ? nil : rng.pick(vms)
    fileSize = rng.pick(kind.fileSizes)
    steps = kind.stepRange.lowerBound + rng.below(kind.stepRange.count)
    let hvo = rng.chance(70)
    let fails = rng.chance(15)
    // A third of the upstream seeds emulate guest accesses (a PVM host); the seed decides, not the stream.
    settings = ModelSettings(
      hvo: hvo, vmemmapRestoreFails: kind != .base4K && fails,
      emulatedGuestAccess: profile == .upstream && seed % 3 == 0)
    queue = setup()
    setupLength = queue.count
  }

  /// The VM the sequence runs on.
  var vm: VMType { vmType ?? .swProtected }

  /// The next command for models in `naive`'s state; never one of `KnownIssues`' patterns.
  mutating func next(naive: NaiveModel) -> Command {
    while !queue.isEmpty {
      let c = queue.removeFirst()
      if !KnownIssues.excludes(c, naive: naive) { return c }
    }
    if naive.file == nil && rng.chance(40) {
      queue = [.gmem(validGmem())] + binds() + [.mmap(process: nil)]
      return next(naive: naive)
    }
    for _ in 0..<50 {
      let c = operation(naive: naive)
      if !KnownIssues.excludes(c, naive: naive) { return c }
    }
    return .hostRead(.page(0), process: nil)
  }

  // MARK: - Setup

  private mutating func setup() -> [Command] {
    var out: [Command] = [.profile(profile)]
    if let vmType {
      out.append(.vm(vmType))
      if rng.chance(5) { out.append(.vm(.default)) }  // EEXIST
      if rng.chance(5) { out.append(.profile(.rfc2)) }  // EBUSY
    }
    if kind != .base4K && rng.chance(25) {
      let needed = Int(fileSize / kind.backing.folioSize)
      if rng.chance(40) {
        out.append(.pool([PoolSetting(backing: kind.backing, count: needed - 1)]))
        out.append(.gmem(validGmem()))  // ENOMEM: the subpool cannot reserve enough
      }
      out.append(.pool([PoolSetting(backing: kind.backing, count: needed + rng.below(3))]))
    }
    if rng.chance(5) { out.append(.pool([PoolSetting(backing: .base4K, count: 1)])) }  // EINVAL
    if rng.chance(35) {
      for _ in 0...rng.below(2) { out.append(.gmem(invalidGmem())) }
    }
    out.append(.gmem(validGmem()))
    if rng.chance(5) { out.append(.gmem(validGmem())) }  // EBUSY: one file at a time
    out += binds()
    if rng.chance(85) { out.append(.mmap(process: rng.chance(50) ? nil : 1)) }
    if rng.chance(30) { out.append(.mmap(process: 2)) }
    return out
  }

  /// A `gmem` line that creates the sequence's file.
  mutating func validGmem() -> GmemSpec {
    var names: [GmemFlagName] = []
    switch profile {
    case .upstream:
      if rng.chance(85) { names.append(.mmap) }
      if !vm.hasPrivateMemory && rng.chance(60) { names.append(.initShared) }
    case .inplace:
      if rng.chance(85) { names.append(.mmap) }
      if rng.chance(50) { names.append(.initShared) }
    case .rfc2:
      if rng.chance(85) {
        names.append(.supportShared)
        if rng.chance(40) { names.append(.initPrivate) }
      }
    case .rfc1:
      break
    }
    var hugetlb: Backing? = kind.backing
    if kind == .huge1G && rng.chance(30) { hugetlb = nil }  // the 1G default
    if kind == .base4K && profile == .upstream && rng.chance(50) { hugetlb = nil }
    guard rng.chance(20) else { return GmemSpec(size: fileSize, hugetlb: hugetlb, flagNames: names) }
    // The same request as a raw flags number.
    var raw: UInt64 = 0
    for name in names {
      switch name {
      case .mmap, .supportShared: raw |= 1
      case .initShared, .initPrivate: raw |= 2
      }
    }
    if kind != .base4K && (profile == .rfc1 || profile == .rfc2) {
      // HUGETLB with the size, or (for 2M, the default hstate) without it; hugetlb= may then be left out.
      raw |= (profile == .rfc1 ? 2 : 4) | (kind == .huge2M && rng.chance(30) ? 0 : kind.backing.sizeShift << 26)
      if rng.chance(50) { hugetlb = nil }
    }
    return GmemSpec(size: fileSize, hugetlb: hugetlb, flagNames: [], rawFlags: raw)
  }

  /// A `gmem` line KVM refuses (EINVAL, or ENOMEM for a file too large).
  private mutating func invalidGmem() -> GmemSpec {
    var spec = validGmem()
    switch rng.below(9) {
    case 0: spec.size = 0
    case 1: spec.size = fileSize + 1
    case 2: spec.size = fileSize + 4096  // not a multiple of the huge page size (valid for 4K)
    case 3: spec.rawFlags = (spec.rawFlags ?? 0) | rng.pick([1 << 3, 1 << 5, 1 << 40, 1 << 63])
    case 4: spec.flagNames.append(rng.pick(GmemFlagName.allCases))  // maybe a name of another design
    case 5: spec.size = 1 << 47
    case 6: spec.hugetlb = rng.pick([.huge2M, .huge1G])  // upstream refuses it; else a size mismatch
    case 7:
      if profile == .rfc2 { spec.flagNames = [.initPrivate] } else { spec.flagNames.append(.initShared) }
    default:
      if profile == .rfc1 || profile == .rfc2 {
        if rng.chance(50) {
          spec.rawFlags = (profile == .rfc1 ? 2 : 4) | (rng.pick([5, 25, 31] as [UInt64]) << 26)  // no such hstate
        } else {
          spec.rawFlags = rng.pick([21, 30] as [UInt64]) << 26  // a size without HUGETLB
          spec.hugetlb = .base4K
        }
      } else {
        spec.rawFlags = 1 << 4
      }
    }
    return spec
  }

  /// Zero to two `bind` lines: the whole file, one file range split over two memslots, or random ones.
  mutating func binds() -> [Command] {
    switch rng.below(20) {
    case 0: return []
    case 1...11: return [.bind(rng.chance(50) ? BindSpec() : randomBind())]
    case 12...15:
      // The file over two memslots, the second at a gpa of its own alignment.
      let units: [UInt64] = [4096, 2 << 20, kind.backing.folioSize, fileSize / 2]
      let unit = rng.pick(units)
      let first = max(4096, min(fileSize - 4096, unit * UInt64(1 + rng.below(2))) / 4096 * 4096)
      let gpas: [UInt64] = [(4 << 30) + first, 8 << 30, (8 << 30) + 4096, (8 << 30) + (2 << 20) + first]
      let gpa2 = rng.pick(gpas)
      return [
        .bind(BindSpec(gpa: 4 << 30, offset: 0, size: first, slot: 1)),
        .bind(BindSpec(gpa: gpa2, offset: first, size: fileSize - first, slot: 2)),
      ]
    default:
      return [.bind(randomBind()), .bind(randomBind())]
    }
  }

  /// A bind with random offset, size, gpa and slot: often valid, sometimes misaligned, out of the file or
  /// overlapping.
  mutating func randomBind() -> BindSpec {
    let folio = kind.backing.folioSize
    let half = fileSize / 2 / 4096 * 4096
    let offsets: [UInt64] = [0, 4096, 2 << 20, folio, half, fileSize, 123]
    let sizes: [UInt64] = [4096, 8192, 2 << 20, folio, fileSize, half, fileSize * 2]
    let gpas: [UInt64] = [
      4 << 30, (4 << 30) + (2 << 20), (4 << 30) + 4096, (4 << 30) + folio, 8 << 30, 0, 1 << 30, (4 << 30) + 0x800,
      1 << 52, 0xffff_ffff_ffe0_0000,
    ]
    let offset: UInt64? = rng.chance(50) ? nil : rng.pick(offsets)
    let size: UInt64? = rng.chance(50) ? nil : rng.pick(sizes)
    let gpa: UInt64? = rng.chance(40) ? nil : rng.pick(gpas)
    let slot: Int? = rng.chance(40) ? nil : rng.pick([1, 2, 3, 32764, 40000])
    return BindSpec(gpa: gpa, offset: offset, size: size, slot: slot)
  }

  // MARK: - Operations

  /// One random operation (or, rarely, a setup command).
  private mutating func operation(naive: NaiveModel) -> Command {
    // Now and then the file's references go while pages are pinned or orphaned: eviction then frees them.
    if let file = naive.file, rng.chance(4), file.pages.contains(where: { $0.pins > 0 || $0.orphans > 0 }) {
      return file.isOpen ? .close : .munmap(process: file.mappedBy.min())
    }
    let r = range(naive: naive)
    switch rng.below(1000) {
    case 0..<100: return .allocate(r)
    case 100..<180: return .punch(r)
    case 180..<290:
      if rng.chance(25), let r = bufferRange(naive) {
        // A guest sharing a buffer of its private memory and taking it back: the host may touch it in between,
        // and the conversion back may reach a page past it.
        let folio = kind.backing.folioSize
        let back = rng.chance(50) ? FileRange(offset: r.offset &- 4096, length: r.length &+ 8192) : r
        let whole = FileRange(offset: r.offset / folio * folio, length: folio)
        queue =
          [.convert(whole, to: .private, content: nil), .guestWrite(r, byte: byte(), access: nil)]
          + [.convert(r, to: .shared, content: nil)]
          + (rng.chance(50)
            ? [.mmap(process: nil), rng.chance(70) ? .hostWrite(r, byte: byte(), process: nil) : .pin(r)] : [])
          + [.convert(back, to: .private, content: nil)]
        return naive.file?.mappedBy.isEmpty == false ? .dontneed(whole, process: nil) : .unpin(whole)
      }
      return .convert(r, to: .shared, content: contentMode())
    case 290..<400:
      // A third of them over a run of faultable pages (and sometimes its neighbours), as a guest returning a
      // shared buffer does: rfc1's merge rule and its rollback of a refused conversion live there.
      let run = rng.chance(50) ? splitFolioFaultableSpan(naive) ?? faultableRun(naive) : faultableRun(naive)
      return .convert(rng.chance(33) ? run ?? r : r, to: .private, content: contentMode())
    case 400..<470: return .hostRead(rng.chance(40) ? faultableRange(naive) ?? r : r, process: process(naive))
    case 470..<550:
      return .hostWrite(rng.chance(40) ? faultableRange(naive) ?? r : r, byte: byte(), process: process(naive))
    case 550..<620: return .guestRead(r, access: accessKind())
    case 620..<710: return .guestWrite(r, byte: byte(), access: accessKind())
    case 710..<770: return .pin(rng.chance(60) ? faultableRange(naive) ?? r : r)
    case 770..<830: return .unpin(rng.chance(70) ? pinnedRange(naive) ?? r : r)
    case 830..<875: return .dontneed(r, process: process(naive))
    case 875..<910: return .remove(r, process: process(naive))
    case 910..<935: return .bind(rng.chance(30) ? BindSpec(slot: rng.pick([2, 3])) : randomBind())
    case 935..<955: return .unbind(slot: rng.pick([nil, 1, 2, 5]))
    case 955..<970: return .mmap(process: rng.pick([nil, 1, 2]))
    case 970..<985: return .munmap(process: rng.pick([nil, 1, 2]))
    case 985..<992: return .close
    case 992..<996: return .gmem(validGmem())
    default:
      if kind != .base4K && rng.chance(50) {
        return .pool([PoolSetting(backing: kind.backing, count: rng.below(Int(fileSize / kind.backing.folioSize) + 3))])
      }
      return rng.chance(50) ? .profile(profile) : .vm(vm)
    }
  }

  private mutating func contentMode() -> ContentMode? {
    let none = profile == .inplace ? 40 : 90
    return rng.chance(none) ? nil : rng.pick([.zero, .preserve])
  }

  /// Mostly a process that maps the file; sometimes one that does not.
  private mutating func process(_ naive: NaiveModel) -> Int? {
    let mapping = naive.file?.mappedBy.sorted() ?? []
    if !mapping.isEmpty && rng.chance(85) {
      let p = rng.pick(mapping)
      return p == 1 && rng.chance(50) ? nil : p
    }
    return rng.pick([nil, 1, 2, 3])
  }

  /// A few pages starting at a faultable page, if there is one.
  private mutating func faultableRange(_ naive: NaiveModel) -> FileRange? {
    guard let file = naive.file else { return nil }
    let start = rng.below(file.pageCount)
    guard let p = (start..<file.pageCount).first(where: { file.pages[$0].faultable }) else { return nil }
    return FileRange(offset: UInt64(p) * 4096, length: UInt64(1 + rng.below(4)) * 4096)
  }

  /// The run of faultable pages from a random faultable page, within its huge page (or 2 MiB), half of the time
  /// widened by a page on each side.
  private mutating func faultableRun(_ naive: NaiveModel) -> FileRange? {
    guard let file = naive.file else { return nil }
    let start = rng.below(file.pageCount)
    guard let p = (start..<file.pageCount).first(where: { file.pages[$0].faultable }) else { return nil }
    let unit = max(file.pagesPerHuge, 512)
    let end = min(file.pageCount, (p / unit + 1) * unit)
    var q = p
    while q < end && file.pages[q].faultable { q += 1 }
    var run = p..<q
    if rng.chance(50) { run = max(0, p - 1)..<min(file.pageCount, q + 1) }
    return FileRange(offset: UInt64(run.lowerBound) * 4096, length: UInt64(run.count) * 4096)
  }

  /// One to four pages inside a memslot, if there is one.
  private mutating func bufferRange(_ naive: NaiveModel) -> FileRange? {
    guard !naive.slots.isEmpty else { return nil }
    let slot = rng.pick(naive.slots)
    let pages = Int(slot.size / 4096)
    guard pages > 0 else { return nil }
    let first = rng.below(pages)
    let count = min(pages - first, 1 + rng.below(4))
    return FileRange(offset: slot.offset + UInt64(first) * 4096, length: UInt64(count) * 4096)
  }

  /// From the first to the last faultable page of a random split huge folio, a third of the time widened by a
  /// page on each side; nil when no split folio has a faultable page.
  private mutating func splitFolioFaultableSpan(_ naive: NaiveModel) -> FileRange? {
    guard let file = naive.file, file.hugeCount > 0 else { return nil }
    let split = (0..<file.hugeCount).filter { file.isAllocated(huge: $0) && file.split[$0] }
    guard !split.isEmpty else { return nil }
    let hp = file.pages(ofHuge: rng.pick(split))
    guard let first = hp.first(where: { file.pages[$0].faultable }),
      let last = hp.last(where: { file.pages[$0].faultable })
    else { return nil }
    var span = first..<(last + 1)
    if rng.chance(33) { span = max(0, first - 1)..<min(file.pageCount, last + 2) }
    return FileRange(offset: UInt64(span.lowerBound) * 4096, length: UInt64(span.count) * 4096)
  }

  /// A few pages around a pinned or orphaned page, if there is one.
  private mutating func pinnedRange(_ naive: NaiveModel) -> FileRange? {
    guard let file = naive.file else { return nil }
    let pinned = (0..<file.pageCount).filter { file.pages[$0].pins > 0 || file.pages[$0].orphans > 0 }
    guard !pinned.isEmpty else { return nil }
    let p = rng.pick(pinned)
    return FileRange(offset: UInt64(p) * 4096, length: UInt64(1 + rng.below(3)) * 4096)
  }

  private mutating func accessKind() -> AccessKind? {
    rng.chance(60) ? nil : rng.pick([.private, .shared])
  }

  private mutating func byte() -> UInt8 { rng.pick([0x00, 0x11, 0x22, 0xaa, 0xff]) }
}
