import Testing

@testable import GmemModel

/// The dense worst case of issue 12, every other page shared: what the model keeps for it stays a small multiple
/// of a bitmap (the terabyte case took 3.1 GiB: 16 bytes per private gfn range and 4 bytes per page).
@Suite("Dense memory")
struct DenseMemoryTests {
  /// rfc1, an SNP VM, 64 MiB of 2 MiB folios bound, allocated and private, then every other page shared.
  private static func everyOtherPageShared() -> GuestMemfdModel {
    let m = GuestMemfdModel()
    let size: UInt64 = 64 << 20
    for c: Command in [
      .profile(.rfc1), .vm(.snp), .gmem(GmemSpec(size: size, hugetlb: .huge2M)), .bind(BindSpec()),
      .allocate(FileRange(offset: 0, length: size)),
      .convert(FileRange(offset: 0, length: size), to: .private, content: nil),
    ] {
      #expect(m.apply(c).outcome.succeeded)
    }
    for offset in stride(from: UInt64(0), to: size, by: 8192) {
      #expect(m.apply(.convert(.page(offset), to: .shared, content: nil)).outcome.succeeded)
    }
    return m
  }

  @Test func alternatingAttributesCostABitmapPerBlockNotARangePerGFN() {
    let m = Self.everyOtherPageShared()
    let gfnBase = Memslot.defaultGPA >> 12
    // 8192 private gfns in 8192 ranges, held as 32 blocks of bits.
    #expect(m.memAttrs.privateRanges.count == 8192)
    #expect(m.memAttrs.privateRanges.first == (gfnBase + 1)..<(gfnBase + 2))
    #expect(m.memAttrs.isPrivate(gfnBase + 1) && !m.memAttrs.isPrivate(gfnBase))
    #expect(m.memAttrs.approximateBytes < 32 * 128, "\(m.memAttrs.approximateBytes) bytes")
    // Sharing the private pages too leaves nothing private and nothing stored.
    for offset in stride(from: UInt64(4096), to: 64 << 20, by: 8192) {
      #expect(m.apply(.convert(.page(offset), to: .shared, content: nil)).outcome.succeeded)
    }
    #expect(m.memAttrs.privateRanges.isEmpty && m.memAttrs.approximateBytes < 256)
  }

  @Test func aDenseBlockOfTwoStatesKeepsTwoBytesAPage() throws {
    let m = Self.everyOtherPageShared()
    let pages = try #require(m.file?.pages)
    #expect(pages.detailedBlockCount == 32)
    // 32 dense blocks of 512 pages: a 16-bit palette index each, not a 32-bit state.
    #expect(pages.approximateBytes < 32 * 1400 + 1024, "\(pages.approximateBytes) bytes")
    #expect(pages.counts(in: 0..<pages.pageCount).shared == 8192)
    #expect(pages.state(at: 0).isPrivate == false && pages.state(at: 1).isPrivate)
    #expect(pages.auditCounts().isEmpty)
  }
}
