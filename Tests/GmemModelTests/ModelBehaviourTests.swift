import GmemModel
import GmemScript
import Testing

/// Runs `script` on a fresh model (or on `model`), requiring every expectation and every invariant to hold;
/// returns the model.
@discardableResult
func runScript(
  _ script: String, settings: ModelSettings = ModelSettings(), on existing: GuestMemfdModel? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
)
  throws -> GuestMemfdModel
{
  let model = existing ?? GuestMemfdModel(settings: settings)
  let runner = ScriptRunner(backend: model)
  for line in try Parser.parse(script, file: "inline.gmem") {
    let record = runner.execute(line)
    #expect(
      record.passed, "line \(line.number) `\(line.source)`: \(record.failure ?? "")", sourceLocation: sourceLocation)
    let violations = InvariantChecker.check(model)
    #expect(violations.isEmpty, "after line \(line.number): \(violations)", sourceLocation: sourceLocation)
  }
  return model
}

/// Behaviour the selftests do not reach: SPTE levels, split causes and merge blockers, pool accounting,
/// HugeTLB punch, rfc2 merge-truncate, HVO settings, MEMORY_FAULT, events.
@Suite("Model behaviour")
struct ModelBehaviourTests {
  static let rfc1Whole8G = """
    profile rfc1
    vm sw-protected
    gmem 8G hugetlb=1G
    bind
    allocate 0+8G
    private 0+8G
    expect count whole-folios=8 split-folios=0
    """

  @Test func spteLevelIsBoundedByFolioOrderMixedAttributesAndAlignment() throws {
    try runScript(
      Self.rfc1Whole8G + """

        guest read 0x40000000
        expect page 1G+1G spte=1G
        share 0x80001000
        guest read 0x80000000
        expect page 0x80000000 spte=4K
        expect folio 2G split
        # a whole folio behind a misaligned binding: the gfn and the pgoff disagree mod 1G and mod 2M
        """)
    try runScript(
      """
      profile rfc1
      vm snp
      gmem 2G hugetlb=1G
      bind gpa=0x100001000 offset=0 size=1G slot=1
      bind gpa=0x200000000 offset=1G size=1G slot=2
      allocate 0+2G
      guest read 0 as=private
      expect MEMORY_FAULT at 0
      private 0+1G
      guest read 0
      expect page 0 spte=4K
      # slot 2 is aligned, but half of its 1G gfn range is shared: 2M mappings only where a 2M range is private
      private 1G+512M
      guest read 1G
      expect page 1G+2M spte=2M
      expect page 1G+512M private
      """)
  }

  @Test func splitCauseAndMergeBlockersAreExplained() throws {
    let model = try runScript(
      Self.rfc1Whole8G + """

        share 0x40003000
        mmap
        host write 0x40003000 0x5a
        private 0x40003000
        expect EINVAL
        """)
    let p = 0x4000_3000 >> 12
    let cause = try #require(model.splitCause(ofPage: p))
    #expect(cause.offset == 0x4000_3000)
    #expect(cause.operation == "share 0x40003000+0x1000")
    #expect(cause.sequence == 7)  // profile, vm, gmem, bind, allocate, private, share
    let blockers = try #require(model.mergeBlockers(ofPage: p))
    #expect(blockers.contains("1 faultable page (first 0x40003000)"))
    #expect(blockers.contains("1 host-mapped page (first 0x40003000)"))
    let lines = model.explain(page: p)
    #expect(
      lines.contains { $0.contains("split because page 0x40003000 became faultable by `share 0x40003000+0x1000`") })
    #expect(lines.contains { $0.contains("last failure: `private 0x40003000+0x1000`") && $0.contains("folio_mapped") })
    #expect(model.splitCause(ofPage: 0) == nil)
  }

  @Test func aSplitAtAllocationIsExplainedAsSuch() throws {
    let model = try runScript(
      """
      profile inplace
      vm sw-protected
      gmem 4M hugetlb=2M flags=mmap,init-shared
      mmap
      host write 0x3000 0x11
      expect folio 0 split
      """)
    let lines = model.explain(page: 3)
    #expect(
      lines.contains {
        $0.contains(
          "split because page 0x3000 was already shared when its huge page was allocated by `host write 0x3000+0x1000`")
      }, "\(lines)")
  }

  @Test func poolAndSubpoolAccountingFollowSelftest21() throws {
    try runScript(
      """
      profile rfc1
      vm sw-protected
      pool 1G=4
      gmem 2G hugetlb=1G
      expect count pool-free=4 pool-resv=2
      gmem 2G hugetlb=1G
      expect EBUSY
      allocate 0+1G
      expect count pool-free=3 pool-resv=1
      allocate 512M+1G
      expect count pool-free=3 pool-resv=1 whole-folios=1
      punch 0+1G
      expect count pool-free=4 pool-resv=2 whole-folios=0
      close
      expect count pool-free=4 pool-resv=0
      pool 1G=1
      gmem 2G hugetlb=1G
      expect ENOMEM
      """)
  }

  /// guestmem_hugetlb's deferred merge (spec §2.10): a huge page punched while a 4 KiB page of it is pinned
  /// returns to the pool (and the subpool) only when the last pin goes; meanwhile the subpool cannot reuse it.
  @Test func aHugePageHeldByAPinReturnsToThePoolAtUnpin() throws {
    let model = try runScript(
      """
      profile rfc1
      vm sw-protected
      pool 1G=2
      gmem 2G hugetlb=1G
      bind
      allocate 0+2G
      expect count pool-free=0 pool-resv=0 split-folios=2
      share 0x1000
      mmap
      pin 0x1000
      pin 0x1000
      punch 0+1G
      expect ok
      expect page 0x1000 hole orphan
      expect count pool-free=0 pool-resv=0 whole-folios=0 split-folios=1
      host write 0x2000 0x11
      expect SIGBUS at 0x2000
      unpin 0x1000
      expect count pool-free=0 pool-resv=0
      unpin 0x1000
      expect count pool-free=1 pool-resv=1
      host write 0x2000 0x11
      expect ok
      expect count pool-free=0 pool-resv=0 split-folios=2
      """)
    #expect(model.file?.heldHugePages.isEmpty == true)
  }

  @Test func aPartialPunchOfAHugePageZeroesInPlace() throws {
    try runScript(
      """
      profile rfc1
      vm sw-protected
      gmem 1G hugetlb=1G
      bind
      mmap
      allocate 0+1G
      host write 0+8K 0x11
      punch 0x1000
      expect page 0x1000 allocated unmapped
      host read 0x1000
      expect value 0
      host read 0
      expect value 0x11
      expect count pool-free=0 allocated=262144
      """)
  }

  @Test func rfc2MergeTruncateRefusesAPinnedSplitFolio() throws {
    try runScript(
      """
      profile rfc2
      vm sw-protected
      gmem 2G hugetlb=1G flags=support-shared,init-private
      bind
      mmap
      allocate 0+2G
      expect count whole-folios=2
      share 0x2000
      expect folio 0 split
      pin 0x2000
      punch 0+1G
      expect EAGAIN
      expect folio 0 split
      unpin 0x2000
      punch 0+1G
      expect ok
      expect page 0+1G hole
      private 0x2000
      expect page 0x2000 private unfaultable
      """)
  }

  @Test func toPrivateUnmapsEveryProcessThenFailsOnAPin() throws {
    try runScript(
      """
      profile inplace
      vm sw-protected
      gmem 1G hugetlb=1G flags=mmap,init-shared
      bind
      mmap
      mmap process=2
      host write 0+8K 0x22
      host read 0x1000 process=2
      pin 0x1000
      private 0+8K
      expect EAGAIN at 0x1000
      expect page 0 unmapped shared
      expect page 0x1000 shared pinned unmapped
      unpin 0x1000
      private 0+1G content=zero
      expect EOPNOTSUPP
      private 0+1G
      expect ok
      expect folio 0 whole
      guest read 0+8K
      expect value 0x22
      expect page 0 spte=1G
      share 0 content=zero
      guest read 0 as=shared
      expect value 0
      """)
  }

  @Test func vmemmapRestoreFailureRefusesTheConversion() throws {
    // An SNP VM binds unfaultable, so the allocation needs no split; the first share does.
    let model = try runScript(
      Self.rfc1Whole8G.replacingOccurrences(of: "sw-protected", with: "snp") + """

        share 0x1000
        expect ENOMEM at 0x0
        expect folio 0 whole
        expect page 0x1000 private unfaultable
        """,
      settings: ModelSettings(vmemmapRestoreFails: true))
    #expect(model.lastFailure?.detail.contains("vmemmap restore failed") == true)
  }

  @Test func withoutHVOASplitRestoresNoVmemmap() throws {
    let model = GuestMemfdModel(settings: ModelSettings(hvo: false))
    for line in try Parser.parse(Self.rfc1Whole8G, file: "x") { _ = ScriptRunner(backend: model).execute(line) }
    let r = model.apply(.convert(.page(0x1000), to: .shared, content: nil))
    #expect(r.events.contains(.split(first: 0, count: 1, backing: .huge1G, vmemmapRestored: 0)))
  }

  @Test func eventsSpeakKernelTerms() throws {
    let model = try runScript(Self.rfc1Whole8G)
    let r = model.apply(.convert(.page(0x1000), to: .shared, content: nil))
    let texts = r.events.map(\.text)
    #expect(texts.contains("split folio 0: vmemmap restored (16380K), 1 × 1G → 262144 × 4K"))
    #expect(texts.contains("faultability set on 1 page in 0x1000+0x1000"))
    let back = model.apply(.convert(FileRange(offset: 0, length: 1 << 30), to: .private, content: nil))
    #expect(back.events.map(\.text).contains("merged folio 0: 262144 × 4K → 1 × 1G, vmemmap optimized"))
  }

  @Test func snpGuestsAccessPrivateAndFaultOnSharedGfns() throws {
    try runScript(
      """
      profile rfc1
      vm snp
      gmem 4M hugetlb=2M
      bind
      expect page 0+4M shared unfaultable
      guest write 0 0x33
      expect MEMORY_FAULT at 0x0
      private 0+4M
      guest write 0 0x33
      expect ok
      expect page 0+2M spte=2M allocated
      expect folio 0 whole
      guest read 0x1000 as=shared
      expect MEMORY_FAULT at 0x1000
      """)
  }

  @Test func copiesAreIndependent() throws {
    let model = try runScript(Self.rfc1Whole8G)
    let snapshot = model.copy()
    _ = model.apply(.convert(.page(0x1000), to: .shared, content: nil))
    #expect(model.counter(.splitFolios) == 1)
    #expect(snapshot.counter(.splitFolios) == 0)
    #expect(snapshot.page(1)?.isPrivate == true)
    #expect(InvariantChecker.check(snapshot).isEmpty)
  }

  @Test func theCheckerNamesABrokenInvariant() throws {
    let model = try runScript(Self.rfc1Whole8G)
    // Break it from outside the rules: a faultable page inside a whole folio.
    model.file?.pages.modify(5..<6) { $0.isFaultable = true }
    let violations = InvariantChecker.check(model)
    #expect(violations.contains { $0.rule == "a faultable page is in a 4 KiB folio" && $0.offset == 0 })
  }
}
