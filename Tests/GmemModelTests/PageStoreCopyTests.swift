import Testing

@testable import GmemModel

/// `PageStore.copy()` shares its region and block details (copy-on-write, issue 12): neither store ever sees the
/// other's changes, and a copy allocates no detail.
@Suite("Page store copy")
struct PageStoreCopyTests {
  /// One region and a partial one: blocks and regions go detailed and back to uniform.
  private static let pageCount = Geometry.pagesPerRegion + 3 * Geometry.pagesPerBlock + 7

  /// A random range: a page, a few pages, a whole block, a whole region, or any span.
  private static func randomRange(_ rng: inout SplitMix64) -> Range<Int> {
    let p = rng.below(pageCount)
    switch rng.below(5) {
    case 0: return p..<(p + 1)
    case 1: return p..<(p + 1 + rng.below(40))
    case 2:
      let b = p / Geometry.pagesPerBlock * Geometry.pagesPerBlock
      return b..<(b + Geometry.pagesPerBlock)
    case 3: return 0..<Geometry.pagesPerRegion
    default: return p..<(p + rng.below(pageCount - p + 1))
    }
  }

  /// Applies a random change to `store` and to `pages`, its expected state per page.
  private static func randomChange(_ store: PageStore, _ pages: inout [UInt32], _ rng: inout SplitMix64) {
    let range = randomRange(&rng)
    let value = UInt32(rng.below(3))
    let flip = rng.below(2) == 0
    let transform: (inout PageState) -> Void = { s in
      if flip { s.raw ^= PageState.privateBit } else { s.raw = value }
    }
    if range.count == 1 && range.lowerBound < pageCount && rng.chance(50) {
      // One page the way a one-page conversion changes it: a region may stay sparse.
      var s = store.state(at: range.lowerBound)
      transform(&s)
      store.set(page: range.lowerBound, to: s)
    } else {
      store.modify(range, transform)
    }
    for i in range where i < pageCount {
      var s = PageState(raw: pages[i])
      transform(&s)
      pages[i] = s.raw
    }
  }

  private static func expectPages(_ store: PageStore, _ pages: [UInt32], _ name: String) {
    var mismatches = 0
    store.forEachRun(in: 0..<pageCount) { run, s in
      for i in run where pages[i] != s.raw { mismatches += 1 }
    }
    #expect(mismatches == 0, "\(name): \(mismatches) pages differ from the snapshot")
    #expect(store.auditCounts() == [], "\(name)")
  }

  @Test func changesToEitherStoreNeverShowInTheOther() {
    var rng = SplitMix64(seed: 12)
    for trial in 0..<8 {
      let a = PageStore(pageCount: Self.pageCount, state: PageState(raw: 0))
      var pagesA = Array(repeating: UInt32(0), count: Self.pageCount)
      for _ in 0..<40 { Self.randomChange(a, &pagesA, &rng) }
      let b = a.copy()
      var pagesB = pagesA
      var c: (store: PageStore, pages: [UInt32])?
      for step in 0..<60 {
        switch rng.below(3) {
        case 0: Self.randomChange(a, &pagesA, &rng)
        case 1: Self.randomChange(b, &pagesB, &rng)
        default:
          if var copied = c {
            Self.randomChange(copied.store, &copied.pages, &rng)
            c = copied
          } else {
            c = (b.copy(), pagesB)
          }
        }
        if step % 15 == 14 {
          Self.expectPages(a, pagesA, "trial \(trial) step \(step): original")
          Self.expectPages(b, pagesB, "trial \(trial) step \(step): copy")
          if let c { Self.expectPages(c.store, c.pages, "trial \(trial) step \(step): copy of the copy") }
        }
      }
    }
  }

  @Test func copyOfAFullySplit64GiBFileSharesEveryDetail() {
    let m = GuestMemfdModel()
    let setup: [Command] = [
      .vm(.snp), .gmem(GmemSpec(size: 64 << 30, hugetlb: .huge2M)), .bind(BindSpec()),
      .allocate(FileRange(offset: 0, length: 64 << 30)),
      // An SNP VM's gfns start shared: a `share` changes something only once they are private.
      .convert(FileRange(offset: 0, length: 64 << 30), to: .private, content: nil),
    ]
    for c in setup { #expect(m.apply(c).outcome.succeeded) }
    for folio in stride(from: UInt64(0), to: 64 << 30, by: 2 << 20) {
      _ = m.apply(.convert(.page(folio + 0x1000), to: .shared, content: nil))
    }
    #expect(m.counter(.splitFolios) == 32768)
    let pages = m.file!.pages
    #expect(pages.detailedBlockCount == 32768)
    let copy = m.copy()
    // Every detail is shared: 64 regions and 32 768 blocks, none allocated by the copy.
    #expect(pages.sharedDetailCount(with: copy.file!.pages) == 64 + 32768)
    // One conversion in the copy clones only what it touches: its region and its block.
    #expect(copy.apply(.convert(.page(0x5000), to: .shared, content: nil)).outcome.succeeded)
    #expect(pages.sharedDetailCount(with: copy.file!.pages) == 64 + 32768 - 2)
    #expect(pages.state(at: 5) != copy.file!.pages.state(at: 5))
    #expect(pages.auditCounts() == [] && copy.file!.pages.auditCounts() == [])
  }
}
