import CGmemSys
import GmemKVM
import GmemModel
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension KVMTests {
  /// The capability probe against the running kernel, and the kernel's guest_memfd rules that the probe predicts.
  ///
  @Suite
  struct CapabilityProbeTests {
    private static let kib: UInt64 = 4096
    private static let mib2: UInt64 = 2 << 20

    /// The first VM type with guest_memfd and the flags it accepts (`KVMFixture.guestMemfdVM`).
    private static func guestMemfdVMType() throws -> (type: VMType, flags: UInt64) {
      try #require(KVMFixture.guestMemfdVM)
    }

    /// KVM_CREATE_VM(`type`) on `kvm`: the VM fd or the negated errno.
    private static func createVM(_ kvm: Int32, _ type: VMType) -> Int32 {
      Int32(gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, UInt(type.value)))
    }

    @Test func missingDeviceIsATypedError() {
      #expect(throws: KVMError.cannotOpen(path: "/nonexistent/kvm", errno: ENOENT)) {
        try CapabilityProbe(devicePath: "/nonexistent/kvm").probe()
      }
      let error = KVMError.cannotOpen(path: "/nonexistent/kvm", errno: ENOENT)
      #expect(error.kvmIsAbsent)
      #expect(error.description == "/nonexistent/kvm: No such file or directory")
      #expect(!KVMError.cannotOpen(path: "/dev/kvm", errno: EACCES).kvmIsAbsent)
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func probeReportsAPIVersionGuestMemfdAndDefaultVM() throws {
      let report = try CapabilityProbe().probe()
      #expect(report.apiVersion == 12)
      #expect(report.probedVMTypes.contains { report.value(.guestMemfd, on: $0) ?? 0 > 0 })
      #expect(report.vmTypes.contains(.default))
      #expect(report.vmCreationErrno == nil)
      let names = report.capabilities.map(\.name)
      for definition in KVMCapabilityDefinition.upstreamCapabilities + KVMCapabilityDefinition.configurationDefaults {
        #expect(names.contains(definition.name))
      }
      #expect(report.capabilities.filter(\.definition.isConfiguration).count == 5)
      #expect(report.summary.hasPrefix("kvm API 12 · "))
      #expect(report.summary.contains("VM types default"))
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func probeAsksAVMOfEachListedType() throws {
      let report = try CapabilityProbe().probe()
      #expect(report.probedVMTypes == report.vmTypes)
      for type in report.probedVMTypes where report.vmCreationErrnos[type] == nil {
        let vm = try KVMVirtualMachine(type: type)
        for definition in [KVMCapabilityDefinition.guestMemfd, .memoryAttributes, .guestMemfdFlags] {
          #expect(report.value(definition, on: type) == max(try vm.checkExtension(definition.number), 0))
        }
      }
      if let type = report.conversionVMType {
        #expect(report.convertsPrivateMemory(on: type))
      }
      // A kernel with KVM_SW_PROTECTED_VM (the lab's 6.12) converts on sw-protected VMs.
      if report.vmTypes.contains(.swProtected),
        (report.capability(.memoryAttributes)?.systemValue ?? 0) & 8 != 0
      {
        #expect(report.conversionVMType == .swProtected)
      }
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func probeClosesEveryDescriptor() throws {
      let before = KVMFixture.openKVMDescriptors()
      for _ in 0..<20 { _ = try CapabilityProbe().probe() }
      #expect(KVMFixture.openKVMDescriptors() == before)
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func guestMemfdFlagsMatchTheProbedMask() throws {
      let (type, mask) = try Self.guestMemfdVMType()
      let kvm = KVMFixture.openKVM()
      try #require(kvm >= 0)
      defer { _ = gmem_close(kvm) }
      let vm = Self.createVM(kvm, type)
      try #require(vm >= 0)
      defer { _ = gmem_close(vm) }

      let accepted = KVMFixture.createGuestMemfd(vm, size: Self.mib2, flags: mask)
      #expect(accepted >= 0, "flags \(mask) from KVM_CAP_GUEST_MEMFD_FLAGS rejected: errno \(-accepted)")
      if accepted >= 0 { _ = gmem_close(accepted) }

      for bit in 0..<64 where mask & (1 << UInt64(bit)) == 0 {
        let fd = KVMFixture.createGuestMemfd(vm, size: Self.mib2, flags: 1 << UInt64(bit))
        #expect(fd == -EINVAL, "flag bit \(bit) outside the mask gave \(fd)")
        if fd >= 0 { _ = gmem_close(fd) }
      }
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func guestMemfdSizeMustBeNonZeroAndPageAligned() throws {
      let type = try Self.guestMemfdVMType().type
      let kvm = KVMFixture.openKVM()
      try #require(kvm >= 0)
      defer { _ = gmem_close(kvm) }
      let vm = Self.createVM(kvm, type)
      try #require(vm >= 0)
      defer { _ = gmem_close(vm) }

      for size: UInt64 in [0, 1, 4095, 4097] {
        let fd = KVMFixture.createGuestMemfd(vm, size: size, flags: 0)
        #expect(fd == -EINVAL, "size \(size) gave \(fd)")
        if fd >= 0 { _ = gmem_close(fd) }
      }
      for size in [Self.kib, Self.mib2] {
        let fd = KVMFixture.createGuestMemfd(vm, size: size, flags: 0)
        #expect(fd >= 0, "size \(size) gave errno \(-fd)")
        if fd >= 0 { _ = gmem_close(fd) }
      }
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func fallocateAndPunchAreSeenByCachestat() throws {
      let (type, mask) = try Self.guestMemfdVMType()
      let kvm = KVMFixture.openKVM()
      try #require(kvm >= 0)
      defer { _ = gmem_close(kvm) }
      let vm = Self.createVM(kvm, type)
      try #require(vm >= 0)
      defer { _ = gmem_close(vm) }
      let gmem = KVMFixture.createGuestMemfd(vm, size: Self.mib2, flags: mask)
      try #require(gmem >= 0)
      defer { _ = gmem_close(gmem) }
      let pages = Int64(Self.mib2 / Self.kib)

      #expect(KVMFixture.cachedPages(gmem) == 0)
      #expect(gmem_fallocate(gmem, GMEM_FALLOC_FL_KEEP_SIZE, 0, Int64(Self.mib2)) == 0)
      #expect(KVMFixture.cachedPages(gmem) == pages)

      let punch = GMEM_FALLOC_FL_PUNCH_HOLE | GMEM_FALLOC_FL_KEEP_SIZE
      #expect(gmem_fallocate(gmem, punch, Int64(Self.kib), Int64(Self.kib)) == 0)
      #expect(KVMFixture.cachedPages(gmem) == pages - 1)
      #expect(KVMFixture.cachedPages(gmem, off: Self.kib, len: Self.kib) == 0)

      #expect(gmem_fallocate(gmem, 0, 0, Int64(Self.kib)) == -EOPNOTSUPP)
      #expect(gmem_fallocate(gmem, GMEM_FALLOC_FL_KEEP_SIZE, Int64(Self.mib2), Int64(Self.kib)) == -EINVAL)
      #expect(
        gmem_fallocate(gmem, GMEM_FALLOC_FL_KEEP_SIZE, Int64(Self.mib2 - Self.kib), 2 * Int64(Self.kib)) == -EINVAL)
      #expect(KVMFixture.cachedPages(gmem) == pages - 1)
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func createDestroyCyclesLeakNoDescriptors() throws {
      let (type, mask) = try Self.guestMemfdVMType()
      let before = KVMFixture.openKVMDescriptors()
      for cycle in 0..<200 {
        let kvm = KVMFixture.openKVM()
        try #require(kvm >= 0, "cycle \(cycle): open gave errno \(-kvm)")
        let vm = Self.createVM(kvm, type)
        let gmem = vm >= 0 ? KVMFixture.createGuestMemfd(vm, size: Self.mib2, flags: mask) : -1
        if gmem >= 0 { _ = gmem_fallocate(gmem, GMEM_FALLOC_FL_KEEP_SIZE, 0, Int64(Self.kib)) }
        if cycle == 0 {
          // The counter sees what a cycle opens: /dev/kvm, the VM and the guest_memfd.
          #expect(KVMFixture.openKVMDescriptors() == before + 3)
        }
        if gmem >= 0 { _ = gmem_close(gmem) }
        if vm >= 0 { _ = gmem_close(vm) }
        _ = gmem_close(kvm)
        try #require(vm >= 0 && gmem >= 0, "cycle \(cycle): vm \(vm), gmem \(gmem)")
      }
      #expect(KVMFixture.openKVMDescriptors() == before)
    }
  }
}
