import GmemModel
import Testing

/// Issue 11 item 5: the defaults a command falls back on, and the page arithmetic, are named once; these pin what
/// the names stand for, as the language documents it (slot 1 at gpa 4G, process 1, 4 KiB pages).
@Suite("Named defaults")
struct NamedDefaultsTests {
  @Test func bindWithoutSlotOrGPAUsesSlotOneAtFourGiB() throws {
    let model = try runScript(
      """
      profile upstream
      vm default
      gmem 2M flags=mmap
      bind
      """)
    #expect(model.memslots == [Memslot(slot: 1, gpa: 0x1_0000_0000, offset: 0, size: 2 << 20)])
    #expect(Memslot.defaultSlot == 1 && Memslot.defaultGPA == 4 << 30)
  }

  @Test func mmapWithoutProcessMapsTheVMM() throws {
    let model = try runScript(
      """
      profile upstream
      vm default
      gmem 2M flags=mmap
      mmap
      """)
    #expect(model.file?.mappedBy == [HostProcess.vmm])
    #expect(HostProcess.vmm == 1)
  }

  @Test func pageHelpersShiftByPageShift() {
    #expect(Geometry.offset(ofPage: 3) == 0x3000)
    #expect(Geometry.offset(ofPage: UInt64(1) << 40) == 1 << 52)
    #expect(Geometry.bytes(ofPages: 512) == 2 << 20)
    #expect(Geometry.bytes(ofPages: UInt64(262_144)) == 1 << 30)
    #expect(Geometry.page(ofOffset: 0x3fff) == 3)
    #expect(Geometry.page(ofOffset: 0x4000) == 4)
  }
}
