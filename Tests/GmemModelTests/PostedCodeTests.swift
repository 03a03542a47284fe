import GmemModel
import GmemScript
import Testing

/// Where the model follows the posted kernel code rather than the spec (issue 10): the early return of a request
/// that changes nothing, rfc1's rollback of a failed conversion to private, and rfc1's merge rule.
@Suite("Posted code")
struct PostedCodeTests {
  /// rfc1 on a sw-protected VM: 4 MiB of 2M pages, private, written by the guest at 2M.
  static let rfc1Private4M = """
    profile rfc1
    vm sw-protected
    gmem 4M hugetlb=2M
    mmap
    bind
    private 0+4M
    guest write 0+4M 0x55
    expect page 0+4M private unfaultable spte=2M
    """

  // MARK: 1. a request that changes nothing

  @Test func aRepeatedPrivateOnRFC1KeepsSPTEsAndContents() throws {
    let model = try runScript(Self.rfc1Private4M)
    let result = model.apply(.convert(FileRange(offset: 0, length: 4 << 20), to: .private, content: nil))
    #expect(result.outcome == .ok)
    #expect(
      result.events == [
        .unchanged(
          FileRange(offset: 0, length: 4 << 20), .private,
          check: "kvm_vm_set_mem_attributes (kvm_range_has_memory_attributes: nothing to do)")
      ])
    try runScript(
      """
      expect page 0+4M private unfaultable spte=2M
      guest read 0+4M
      expect value 0x55
      """, on: model)
  }

  @Test func aRepeatedPrivateOnRFC1IgnoresMappedAndPinnedPages() throws {
    try runScript(
      Self.rfc1Private4M + """

        unbind
        bind
        host write 0 0xaa
        pin 0
        private 0
        expect ok
        expect page 0 private faultable mapped pinned
        host write 0 0xbb
        expect ok
        """)
  }

  @Test func aShareOnAnSNPVMRightAfterBindLeavesItUnfaultable() throws {
    try runScript(
      """
      profile rfc1
      vm snp
      gmem 64K hugetlb=4K
      mmap
      bind
      share 0+64K
      expect ok
      expect page 0+64K shared unfaultable
      host read 0
      expect SIGBUS at 0
      """)
  }

  @Test func aRepeatedPrivateKeepsSPTEsOnEveryDesign() throws {
    let scripts: [(Profile, String)] = [
      (.upstream, "gmem 64K\nbind\nprivate 0+64K\nguest write 0+64K 0x11\nexpect ok"),
      (.rfc2, "gmem 4M hugetlb=2M flags=support-shared,init-private\nbind\nguest write 0+4M 0x11\nexpect ok"),
      (.inplace, "gmem 64K hugetlb=4K flags=mmap\nbind\nguest write 0+64K 0x11\nexpect ok"),
    ]
    for (profile, setup) in scripts {
      let model = try runScript("profile \(profile.rawValue)\nvm sw-protected\n" + setup)
      let size = model.file?.size ?? 0
      let result = model.apply(.convert(FileRange(offset: 0, length: size), to: .private, content: nil))
      #expect(result.outcome == .ok, "\(profile)")
      #expect(result.events.count == 1, "\(profile): \(result.events)")
      if case .unchanged(_, .private, let check) = result.events.first {
        #expect(check == profile.policy.api.unchangedRangeCheck)
      } else {
        Issue.record("\(profile): \(result.events)")
      }
      #expect(model.counter(.spte) == UInt64(size >> 12), "\(profile): the SPTEs stay")
    }
  }

  // MARK: 2. rfc1's rollback of a refused conversion to private

  @Test func aRefusedPrivateOnRFC1MakesTheWholeRangeFaultable() throws {
    let model = try runScript(
      """
      profile rfc1
      vm sw-protected
      gmem 64K hugetlb=4K
      mmap
      bind
      private 0+16K
      share 0x2000
      host write 0x2000 0xaa
      """)
    let result = model.apply(.convert(FileRange(offset: 0, length: 0x4000), to: .private, content: nil))
    #expect(result.outcome == .errno(.EINVAL, at: nil))
    #expect(result.events.contains(.faultability(FileRange(offset: 0, length: 0x4000), faultable: true, pages: 3)))
    try runScript(
      """
      expect page 0+16K faultable
      expect page 0+8K private
      host write 0 0xbb
      expect ok
      expect page 0 private faultable mapped
      """, on: model)
  }

  @Test func aRefusedPrivateSplitsAWholeFolioItMadeFaultable() throws {
    try runScript(
      Self.rfc1Private4M + """

        share 0x1000
        host write 0x1000 0xaa
        expect folio 2M whole
        private 0+4M
        expect EINVAL
        expect folio 2M split
        expect page 2M+2M private faultable no-spte
        """)
  }

  // MARK: 4. rfc1 merges only what the conversion covers whole

  @Test func privateOfOnePageNeverMergesItsFolioOnRFC1() throws {
    let model = try runScript(
      Self.rfc1Private4M + """

        share 0x1000
        expect folio 0 split
        """)
    let result = model.apply(.convert(.page(0x1000), to: .private, content: nil))
    #expect(result.outcome == .ok)
    let reason = try #require(MergeRule.coveredHugePages.uncoveredReason)
    #expect(result.events.contains(.mergeBlocked(folio: 0, reason: reason)))
    #expect(model.folioShape(ofPage: 0) == .split)
    let lines = model.explain(page: 1)
    #expect(
      lines.contains(
        "merge blocked by: \(reason); the next conversion to private that covers 0x0+0x200000 whole merges it"),
      "\(lines)")
  }

  @Test func rfc2MergesEveryFolioTheConversionOverlaps() throws {
    try runScript(
      """
      profile rfc2
      vm sw-protected
      gmem 4M hugetlb=2M flags=support-shared,init-private
      bind
      allocate 0+4M
      share 0x1000
      expect folio 0 split
      private 0x1000
      expect ok
      expect folio 0 whole
      """)
  }

  @Test func mergeScopesRoundInwardOnRFC1AndOutwardElsewhere() {
    #expect(MergeRule.coveredHugePages.scope(of: 1..<1024, pagesPerFolio: 512) == 512..<1024)
    #expect(MergeRule.coveredHugePages.scope(of: 1..<2, pagesPerFolio: 512).isEmpty)
    #expect(MergeRule.overlappingHugePages.scope(of: 1..<513, pagesPerFolio: 512) == 0..<1024)
    #expect(Profile.rfc1.policy.mergeRule == .coveredHugePages)
    #expect(Profile.rfc2.policy.mergeRule == .overlappingHugePages)
  }
}
