import GmemModel
import GmemScript
import Testing

@testable import GmemKVM

#if canImport(Glibc)
  import Glibc
#endif

extension KVMTests {
  /// `guest read` / `guest write` on the kvm backend: vCPU 0 runs a long-mode guest over the bound gpas of a real
  /// guest_memfd, and the page state is read back from the kernel.
  @Suite
  struct GuestAccessTests {
    /// Runs `script` on a fresh KVMBackend, recording every failed expectation; returns every step and the backend.
    private static func run(_ script: String) throws -> ([StepRecord], KVMBackend) {
      let lines = try Parser.parse(script, file: "guest-access-test.gmem")
      let backend = KVMBackend()
      var records: [StepRecord] = []
      let failed = ScriptRunner(backend: backend).run(lines) { records.append($0) }
      for record in failed {
        Issue.record("line \(record.line.number): \(record.line.source): \(record.failure ?? "")")
      }
      return (records, backend)
    }

    /// The outcome of the command on line `number`.
    private static func outcome(_ records: [StepRecord], line number: Int) -> Outcome? {
      records.first { $0.line.number == number }?.result?.outcome
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func guestWritesAreSeenByTheHostAndHostWritesByTheGuest() throws {
      let (records, backend) = try Self.run(
        """
        vm default
        gmem 16K flags=mmap,init-shared
        bind
        expect count allocated=0 mapped=0
        guest write 0+8K 0x5a
        expect ok
        expect page 0+8K allocated mapped
        expect page 8K+8K hole unmapped
        host read 0+8K
        expect value 0x5a
        host write 8K 0x33
        guest read 8K
        expect value 0x33
        guest read 0+12K
        guest read 12K
        expect value 0
        expect count allocated=4 mapped=4
        """)
      #expect(Self.outcome(records, line: 14) == .value(ByteSet([0x5a, 0x33])))
      // A guest access through the mapping initializes the page: mincore reports it (kernel-here.md §6 A).
      for page in 0..<4 {
        #expect(backend.page(page)?.isUptodate == true, "page \(page)")
      }
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func guestReadSeesEveryByteOfAPage() throws {
      let (_, backend) = try Self.run(
        """
        vm default
        gmem 16K flags=mmap,init-shared
        bind
        host write 0+16K 0
        """)
      let mapping = try #require(backend.mapping)
      // Page 1: one qword repeated (bytes 1...8); page 2: every byte value once in each 256 bytes; page 3: zeros but
      // its last byte, which only the page's last qword compare sees.
      for index in 0..<512 {
        mapping.base.storeBytes(of: UInt64(0x0807_0605_0403_0201), toByteOffset: 4096 + index * 8, as: UInt64.self)
      }
      for index in 0..<4096 {
        mapping.base.storeBytes(of: UInt8(index & 0xff), toByteOffset: 8192 + index, as: UInt8.self)
      }
      mapping.base.storeBytes(of: UInt8(0xee), toByteOffset: 3 * 4096 + 4095, as: UInt8.self)
      let read = { (range: FileRange) in backend.apply(.guestRead(range, access: nil)).outcome }
      #expect(read(FileRange(offset: 4096, length: 4096)) == .value(ByteSet(Array(1...8))))
      #expect(read(FileRange(offset: 8192, length: 4096)) == .value(ByteSet(Array(0...255))))
      #expect(read(FileRange(offset: 3 * 4096, length: 1)) == .value(ByteSet([0, 0xee])))
      #expect(read(FileRange(offset: 0, length: 4096)) == .value(ByteSet([0])))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func guestReadAfterPunchSeesZero() throws {
      _ = try Self.run(
        """
        vm default
        gmem 16K flags=mmap,init-shared
        bind
        host write 0+16K 0xaa
        guest read 0+16K
        expect value 0xaa
        guest write 4K 0xbb
        punch 4K
        expect ok
        expect page 4K hole unmapped
        guest read 4K
        expect value 0
        expect page 4K allocated mapped
        guest read 0
        expect value 0xaa
        """)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func bindingsAtHighGPAsAndAcrossSlotsWork() throws {
      // 4 GiB (the default), 64 GiB (above the 36-bit MAXPHYADDR KVM assumes without CPUID), 1 TiB and 128 TiB
      // (other PML4 entries), and gpa 0, where the scratch memslot would otherwise go. The write crosses all five.
      let (records, _) = try Self.run(
        """
        vm default
        gmem 10M flags=mmap,init-shared
        bind size=2M slot=1
        bind gpa=64G offset=2M size=2M slot=2
        bind gpa=1T offset=4M size=2M slot=3
        bind gpa=128T offset=6M size=2M slot=4
        bind gpa=0 offset=8M size=2M slot=5
        guest write 0x1ff000+0x801000 0x61
        expect ok
        expect page 0x1ff000+0x801000 allocated mapped
        expect count allocated=2049
        host read 0x1ff000+0x801000
        expect value 0x61
        host write 6M 0x62
        guest read 0x5ff000+0x2000
        guest read 6M
        expect value 0x62
        """)
      #expect(Self.outcome(records, line: 15) == .value(ByteSet([0x61, 0x62])))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func unreachablePagesGiveTheModelsOutcome() throws {
      let lines = try Parser.parse(
        """
        profile upstream
        guest read 0
        vm default
        guest read 0
        gmem 16K flags=mmap,init-shared
        mmap
        bind offset=4K size=8K
        guest read 0
        guest write 4K+12K 0x11
        host read 4K+8K
        guest read 16K
        guest write 8K 0x22 as=shared
        host read 8K
        """, file: "guest-access-model.gmem")
      let model = ScriptRunner(backend: GuestMemfdModel())
      let kernel = ScriptRunner(backend: KVMBackend())
      var outcomes: [Int: Outcome] = [:]
      for line in lines {
        let expected = model.execute(line).result?.outcome
        let seen = kernel.execute(line).result?.outcome
        #expect(seen == expected, "line \(line.number): \(line.source)")
        outcomes[line.number] = seen
      }
      // No VM: EBADF; no file: EFAULT; offset 0 unbound: EFAULT at 0; the write stores 4K..12K, then stops at the
      // unbound 12K; past EOF: EFAULT there.
      #expect(outcomes[2] == .errno(.EBADF, at: nil))
      #expect(outcomes[4] == .errno(.EFAULT, at: nil))
      #expect(outcomes[8] == .errno(.EFAULT, at: 0))
      #expect(outcomes[9] == .errno(.EFAULT, at: 12 << 10))
      #expect(outcomes[10] == .value(ByteSet([0x11])))
      #expect(outcomes[11] == .errno(.EFAULT, at: 16 << 10))
      #expect(outcomes[13] == .value(ByteSet([0x22])))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func accessesTheKernelCannotServeExitOrAreRefused() throws {
      // MMAP without INIT_SHARED: the emulated access through the mapping hits SIGBUS, so it exits as MMIO
      // (kernel-here.md §6 F).
      let (mmapOnly, _) = try Self.run(
        """
        vm default
        gmem 16K flags=mmap
        bind
        guest read 4K
        guest write 0 1
        expect count allocated=0
        guest read 0 as=private
        """)
      let gib: UInt64 = 1 << 30
      #expect(
        Self.outcome(mmapOnly, line: 4)
          == .exit(VMExit(reason: .mmio, gpa: 4 * gib + 4096, offset: 4096, privateAccess: false)))
      #expect(
        Self.outcome(mmapOnly, line: 5) == .exit(VMExit(reason: .mmio, gpa: 4 * gib, offset: 0, privateAccess: false)))
      #expect(
        Self.outcome(mmapOnly, line: 7)
          == .unsupported(
            "a default VM's guest makes shared accesses only: KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel"))
      // No MMAP: the memslot has its own anonymous shared memory (as mainline's private_mem_conversions_test), so
      // the guest's shared store lands there and the file stays empty.
      let (noMMAP, _) = try Self.run(
        """
        vm default
        gmem 16K
        bind gpa=8G
        guest write 8K 2
        expect count allocated=0
        guest read 8K
        guest read 0
        """)
      #expect(Self.outcome(noMMAP, line: 4) == .ok)
      #expect(Self.outcome(noMMAP, line: 6) == .value(ByteSet([2])))
      #expect(Self.outcome(noMMAP, line: 7) == .value(ByteSet([0])))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func theMemslotFollowsTheMappingAndTheScratchSlotIsGoneAfterEachAccess() throws {
      let (records, _) = try Self.run(
        """
        vm default
        gmem 16K flags=mmap,init-shared
        bind size=4K
        guest write 0 0x10
        expect ok
        bind gpa=0 offset=4K size=4K slot=32763
        expect ok
        munmap
        guest read 0
        host read 0
        mmap
        guest write 4K 0x44
        expect ok
        host read 4K
        expect value 0x44
        guest read 0
        expect value 0x10
        close
        guest read 0
        """)
      // Unmapped, the memslot has no userspace memory: under PVM the guest's load exits as MMIO (kernel-here.md §6 E).
      #expect(
        Self.outcome(records, line: 9) == .exit(VMExit(reason: .mmio, gpa: 4 << 30, offset: 0, privateAccess: false)))
      #expect(Self.outcome(records, line: 10) == .signal(.SIGSEGV, at: 0))
      guard case .unsupported = Self.outcome(records, line: 19) else {
        Issue.record(
          "a guest access with the fd closed should be unsupported: \(String(describing: Self.outcome(records, line: 19)))"
        )
        return
      }
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func aTwoMegabyteGuestWriteAllocatesEveryPage() throws {
      let backend = KVMBackend()
      #expect(backend.apply(.gmem(GmemSpec(size: 4 << 20, flagNames: [.mmap, .initShared]))).outcome == .ok)
      #expect(backend.apply(.bind(BindSpec())).outcome == .ok)
      let range = FileRange(offset: 1 << 20, length: 2 << 20)
      let start = ContinuousClock.now
      #expect(backend.apply(.guestWrite(range, byte: 0x77, access: nil)).outcome == .ok)
      let elapsed = ContinuousClock.now - start
      print("GuestAccessTests: guest write of 2 MiB took \(elapsed) (\(elapsed / 512) a page)")
      for page in 0..<1024 {
        let state = try #require(backend.page(page))
        let inside = (256..<768).contains(page)
        #expect(state.isAllocated == inside && state.isUptodate == inside && state.isMapped == inside, "page \(page)")
      }
      #expect(backend.counter(.allocated) == 512)
      #expect(backend.apply(.hostRead(range, process: nil)).outcome == .value(ByteSet([0x77])))
      let read = ContinuousClock.now
      #expect(backend.apply(.guestRead(range, access: nil)).outcome == .value(ByteSet([0x77])))
      print("GuestAccessTests: guest read of 2 MiB took \(ContinuousClock.now - read)")
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func largeAccessesAreRefusedBeforeTheGuestRuns() throws {
      // On the first VM type with guest_memfd: default here, sw-protected on the lab's 6.12 (no MMAP there, so the
      // memslot gets its own shared memory).
      let type = try #require(KVMFixture.guestMemfdVM).type
      let (records, _) = try Self.run(
        """
        vm \(type.rawValue)
        gmem 1G
        bind
        guest write 0+1G 1
        expect count allocated=0
        """)
      guard case .unsupported(let reason) = Self.outcome(records, line: 4) else {
        Issue.record("a 1 GiB guest access should be refused")
        return
      }
      #expect(reason.contains("262144 pages"))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func aLargeAccessReportsProgressAndStopsWithEINTR() throws {
      let backend = KVMBackend()
      #expect(backend.apply(.gmem(GmemSpec(size: 64 << 20, flagNames: [.mmap, .initShared]))).outcome == .ok)
      #expect(backend.apply(.bind(BindSpec())).outcome == .ok)
      var reports: [OperationProgress] = []
      backend.onProgress = { progress in
        reports.append(progress)
        return false
      }
      let result = backend.apply(.guestWrite(FileRange(offset: 0, length: 16 << 20), byte: 7, access: nil))
      #expect(result.outcome == .errno(.EINTR, at: 2 << 20))
      #expect(reports == [OperationProgress(call: "guest write (vCPU)", done: 2 << 20, total: 16 << 20)])
      #expect(backend.counter(.allocated) == 512, "the first 2 MiB stay written")
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func fiftyCyclesLeakNoVCPUOrScratchMemory() throws {
      // The probed VM type and flags: a default VM's mapped file here; on the lab's 6.12 a sw-protected VM's file
      // without MMAP, whose memslot has its own shared memory.
      let (type, flags) = try #require(KVMFixture.guestMemfdVM)
      let descriptors = KVMFixture.openKVMDescriptors()
      let mappings = Self.guestAccessMappings()
      for cycle in 0..<50 {
        let backend = KVMBackend()
        _ = backend.apply(.vm(type))
        _ = backend.apply(.gmem(GmemSpec(size: 64 << 10, rawFlags: flags)))
        _ = backend.apply(.bind(BindSpec()))
        #expect(backend.apply(.guestWrite(FileRange(offset: 0, length: 8192), byte: 0x5a, access: nil)).outcome == .ok)
        if cycle == 0 {
          // /dev/kvm, the VM, the guest_memfd and the vCPU; the vCPU's kvm_run and the scratch memory.
          #expect(KVMFixture.openKVMDescriptors() == descriptors + 4)
          #expect(Self.guestAccessMappings() == (mappings.vcpu + 1, mappings.scratch + 1))
        }
      }
      #expect(KVMFixture.openKVMDescriptors() == descriptors)
      #expect(Self.guestAccessMappings() == mappings)
    }

    /// Lines of /proc/self/maps for a vCPU's kvm_run area, and anonymous mappings of exactly the scratch size.
    private static func guestAccessMappings() -> (vcpu: Int, scratch: Int) {
      guard let file = fopen("/proc/self/maps", "r") else { return (-1, -1) }
      defer { fclose(file) }
      var counts = (vcpu: 0, scratch: 0)
      var line: UnsafeMutablePointer<CChar>?
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0, let line {
        let text = String(cString: line)
        if text.contains("kvm-vcpu") { counts.vcpu += 1 }
        let fields = text.split(whereSeparator: \.isWhitespace)
        let bounds = fields.first?.split(separator: "-").compactMap { UInt64($0, radix: 16) } ?? []
        if fields.count == 5, bounds.count == 2, bounds[1] - bounds[0] == GuestScratchMemory.size {
          counts.scratch += 1
        }
      }
      return counts
    }
  }
}
