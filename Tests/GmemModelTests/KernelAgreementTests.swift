import GmemModel
import GmemScript
import Testing

/// Rules the model took from the running kernel (Linux 6.18 under PVM) where `gmemviz diff` showed them disagree
/// (kernel-here.md §3, §6); the generic VFS and KVM ones hold on every profile.
@Suite("Kernel agreement")
struct KernelAgreementTests {
  static let upstreamFile = """
    profile upstream
    vm default
    gmem 64K flags=mmap,init-shared
    """

  @Test func aNegativeLoffTIsEINVALBeforeAnOverflowIsEFBIG() throws {
    try runScript(
      Self.upstreamFile + """

        allocate 0x8000000000000000+4K
        expect EINVAL
        punch 0+0x8000000000000000
        expect EINVAL
        allocate 4K+0xfffffffffffff000
        expect EINVAL
        allocate 0x4000000000000000+0x4000000000000000
        expect EFBIG
        punch 0x1+0x7fffffffffffffff
        expect EFBIG
        """)
    // The check is vfs_fallocate's, so the RFC profiles share it.
    try runScript(
      """
      profile rfc2
      vm sw-protected
      gmem 2M hugetlb=2M
      allocate 0x8000000000000000+2M
      expect EINVAL
      allocate 0x4000000000000000+0x4000000000000000
      expect EFBIG
      """)
  }

  @Test func slotIdsStopAtKVMUserMemSlots() throws {
    try runScript(
      Self.upstreamFile + """

        unbind slot=1
        expect EINVAL
        bind gpa=4G offset=0 size=4K slot=32763
        expect ok
        bind gpa=8G offset=4K size=4K slot=32764
        expect EINVAL
        bind gpa=8G offset=4K size=4K slot=32767
        expect EINVAL
        """)
    for profile in Profile.allCases {
      try runScript(
        """
        profile \(profile.rawValue)
        unbind slot=1
        expect EBADF
        """)
    }
  }

  @Test func emulatedGuestAccessesFaultThePageIntoTheVMMsMapping() throws {
    let emulated = ModelSettings(emulatedGuestAccess: true)
    let model = try runScript(
      Self.upstreamFile + """

        bind gpa=4G
        expect page 0+64K unmapped
        guest write 4K+8K 0x5a
        expect ok
        expect page 4K+8K allocated mapped no-spte
        host read 4K+8K
        expect value 0x5a
        punch 4K
        expect ok
        guest read 4K
        expect value 0
        expect count allocated=2 mapped=2 spte=0
        """, settings: emulated)
    // `bind` mapped the file in process 1 first, as the VMM must for userspace_addr.
    #expect(model.mappingProcesses == [1])
    // Without emulation the guest reaches the file through its binding: SPTEs, no host PTEs.
    try runScript(
      Self.upstreamFile + """

        bind gpa=4G
        guest write 4K+8K 0x5a
        expect page 4K+8K allocated unmapped spte=4K
        """)
  }

  @Test func emulatedGuestAccessesWithoutASharedMappingExitAsMMIO() throws {
    let emulated = ModelSettings(emulatedGuestAccess: true)
    let unmapped = try runScript(
      Self.upstreamFile + """

        bind gpa=4G
        munmap
        """, settings: emulated)
    #expect(
      unmapped.apply(.guestRead(.page(0x2000), access: nil)).outcome
        == .exit(VMExit(reason: .mmio, gpa: (4 << 30) + 0x2000, offset: 0x2000, privateAccess: false)))
    #expect(unmapped.counter(.allocated) == 0)
    let notShared = try runScript(
      """
      profile upstream
      vm default
      gmem 64K flags=mmap
      allocate 0+64K
      bind gpa=4G
      """, settings: emulated)
    #expect(
      notShared.apply(.guestWrite(.page(0), byte: 1, access: nil)).outcome
        == .exit(VMExit(reason: .mmio, gpa: 4 << 30, offset: 0, privateAccess: false)))
    #expect(notShared.counts(block: 0).uptodate == 0)
    // A script says so with `expect MMIO`, at the file offset of the gpa.
    _ = try runScript(
      Self.upstreamFile + """

        bind gpa=4G
        munmap
        guest read 0x2000
        expect MMIO at 0x2000
        guest write 0+8K 0x11
        expect MMIO
        """, settings: emulated)
    let wrongOffset = ScriptRunner(backend: GuestMemfdModel(settings: emulated)).run(
      try Parser.parse(
        Self.upstreamFile + "\nbind gpa=4G\nmunmap\nguest read 0x2000\nexpect MMIO at 0x3000", file: "t.gmem"))
    #expect(wrongOffset.last?.failure == "expected MMIO at 0x3000, got it at 0x2000")
  }
}
