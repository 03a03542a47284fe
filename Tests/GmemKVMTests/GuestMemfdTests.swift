import CGmemSys
import GmemKVM
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension KVMTests {
  /// KVMVirtualMachine and GuestMemfd against the running kernel, on a VM of the first type with guest_memfd.
  @Suite
  struct GuestMemfdTests {
    private static let page = GuestMemfd.pageSize

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func allocationScanFindsExactRuns() throws {
      let vm = try KVMFixture.guestMemfdMachine()
      let gmem = try vm.createGuestMemfd(size: 4 << 20, flags: 0)
      #expect(try gmem.allocatedRuns() == [])
      try gmem.allocate(offset: 0, length: 16 * Self.page)
      try gmem.allocate(offset: 256 * Self.page, length: 512 * Self.page)
      try gmem.punchHole(offset: 1 * Self.page, length: 2 * Self.page)
      #expect(try gmem.allocatedPageCount() == 526)
      #expect(try gmem.allocatedRuns() == [0..<1, 3..<16, 256..<768])
      try gmem.allocate(offset: 0, length: gmem.size)
      #expect(try gmem.allocatedRuns() == [0..<1024])
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func errorsCarryTheCallAndErrno() throws {
      let vm = try KVMFixture.guestMemfdMachine()
      #expect(throws: KVMError.ioctlFailed(request: "KVM_CREATE_GUEST_MEMFD", errno: EINVAL)) {
        try vm.createGuestMemfd(size: 4097, flags: 0)
      }
      let gmem = try vm.createGuestMemfd(size: 2 << 20, flags: 0)
      #expect(throws: KVMError.callFailed(call: "fallocate(KEEP_SIZE)", errno: EINVAL)) {
        try gmem.allocate(offset: gmem.size, length: Self.page)
      }
      #expect(throws: KVMError.callFailed(call: "fallocate(KEEP_SIZE)", errno: EINVAL)) {
        try gmem.allocate(offset: 1, length: Self.page)
      }
      try gmem.punchHole(offset: gmem.size, length: Self.page)
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func guestMemfdOutlivesItsVM() throws {
      var vm: KVMVirtualMachine? = try KVMFixture.guestMemfdMachine()
      let gmem = try vm!.createGuestMemfd(size: 2 << 20, flags: 0)
      vm = nil
      try gmem.allocate(offset: 0, length: Self.page)
      #expect(try gmem.allocatedPageCount() == 1)
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func releasingClosesEveryDescriptor() throws {
      let flags = try #require(KVMFixture.guestMemfdVM).flags
      let before = KVMFixture.openKVMDescriptors()
      for _ in 0..<200 {
        let vm = try KVMFixture.guestMemfdMachine()
        let gmem = try vm.createGuestMemfd(size: 2 << 20, flags: flags)
        try gmem.allocate(offset: 0, length: Self.page)
      }
      #expect(throws: KVMError.self) { try KVMVirtualMachine(devicePath: "/nonexistent/kvm") }
      #expect(KVMFixture.openKVMDescriptors() == before)
    }
  }
}
