import Foundation
import GmemKVM
import GmemModel
import GmemScript
import GmemTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension KVMTests {
  /// KVMBackend against the running kernel (Linux 6.18 guest_memfd on /dev/kvm), driven through scripts.
  @Suite
  struct KVMBackendTests {
    /// Runs `script` on a fresh KVMBackend; returns every step and the backend.
    private static func run(_ script: String) throws -> ([StepRecord], KVMBackend) {
      let lines = try Parser.parse(script, file: "kvm-backend-test.gmem")
      let backend = KVMBackend()
      let runner = ScriptRunner(backend: backend)
      var records: [StepRecord] = []
      let failed = runner.run(lines) { records.append($0) }
      for record in failed {
        Issue.record("line \(record.line.number): \(record.failure ?? "")")
      }
      return (records, backend)
    }

    /// The outcome of the first command whose verb is `verb`.
    private static func outcome(_ records: [StepRecord], verb: String) -> Outcome? {
      for record in records {
        if case .command(let command) = record.line.statement, command.verb == verb { return record.result?.outcome }
      }
      return nil
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func sharedFileScenarioHoldsOnThisKernel() throws {
      let (records, backend) = try Self.run(
        """
        profile upstream
        expect ok
        vm default
        expect ok
        gmem 16K flags=mmap,init-shared
        expect ok
        mmap
        expect ok
        bind
        expect ok
        allocate 0+16K
        expect ok
        expect count allocated=4 pages=4 faultable=4 mapped=0
        expect page 0+16K allocated unmapped shared faultable
        host write 0+8K 0xaa
        expect ok
        host read 0
        expect value 0xaa
        expect page 0 allocated mapped
        expect page 0+8K mapped
        expect page 8K+8K unmapped
        host read 8K
        expect value 0
        punch 0
        expect ok
        expect page 0 hole unmapped
        host read 0
        expect value 0
        host read 4K
        expect value 0xaa
        dontneed 0+16K
        expect ok
        expect page 0+16K unmapped allocated
        remove 12K
        expect ok
        expect page 12K hole
        expect count allocated=3
        allocate 16K
        expect EINVAL
        punch 1
        expect EINVAL
        punch 16K
        expect ok
        share 0
        unbind
        expect ok
        close
        expect ok
        expect page 4K allocated
        host read 4K
        expect value 0xaa
        munmap
        expect ok
        expect count pages=0
        """)
      // No memory attributes on this kernel.
      #expect(Self.outcome(records, verb: "share") == .unsupported("KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel"))
      #expect(backend.fileSize == 0)
      #expect(backend.vmType == .default)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func mmapOnlyFileGivesSIGBUSWithoutASignal() throws {
      let (records, backend) = try Self.run(
        """
        vm default
        gmem 16K flags=mmap
        expect ok
        mmap
        expect ok
        allocate 4K
        expect ok
        host read 0
        expect SIGBUS at 0
        host write 0+16K 0xaa
        expect SIGBUS at 0
        host read 4K
        expect SIGBUS at 4K
        expect count allocated=1 mapped=0 faultable=0
        expect page 0+16K unfaultable unmapped
        expect page 4K allocated
        munmap
        expect ok
        close
        expect ok
        """)
      #expect(Self.outcome(records, verb: "host read") == .signal(.SIGBUS, at: 0))
      #expect(backend.fileSize == 0)
    }

    @Test(.enabled(if: KVMFixture.isAvailable, "/dev/kvm is absent or cannot be opened"))
    func kernelErrorsAndUnsupportedRequests() throws {
      let (records, _) = try Self.run(
        """
        profile rfc1
        vm snp
        gmem 4097
        expect EINVAL
        gmem 16K hugetlb=2M
        gmem 16K
        expect ok
        mmap
        expect ENODEV
        host read 0
        expect SIGSEGV at 0
        gmem 16K
        expect EBUSY
        mmap process=2
        guest read 0
        pin 0
        close
        expect ok
        gmem 0x4000000000000
        expect count pages=0
        gmem 64T
        expect ok
        expect count pages=0x400000000 allocated=0
        allocate 0x3fffffe00000+2M
        expect ok
        expect count allocated=512
        """)
      let unsupported: [String: String] = [
        "profile": "the kvm backend drives Linux 6.18 guest_memfd; profile rfc1 is a model profile",
        // "vm snp: this kernel lists VM types default only (KVM_CAP_VM_TYPES=0x1)" here, default,sw-protected on 6.12.
        "vm": try #require(VMTypeMask.read()).missing(.snp),
      ]
      for (verb, reason) in unsupported {
        #expect(Self.outcome(records, verb: verb) == .unsupported(reason), "\(verb)")
      }
      let hugetlb = records.first { $0.line.number == 5 }?.result?.outcome
      #expect(hugetlb == .unsupported("Linux 6.18 guest_memfd has no HugeTLB flag: hugetlb=2M cannot be created"))
      let huge = records.first { $0.line.number == 19 }?.result?.outcome
      #expect(
        huge
          == .unsupported(
            "the kernel created a 1024T guest_memfd, but the kvm backend shows files up to 64T; it was closed again"))
      let process2 = records.first { $0.line.number == 14 }?.result?.outcome
      if case .unsupported = process2 {
      } else {
        Issue.record("\(String(describing: process2)) should be unsupported")
      }
      // Nothing is bound, so the gpa of offset 0 has no memslot: EFAULT at it, as on the model.
      #expect(Self.outcome(records, verb: "guest read") == .errno(.EFAULT, at: 0))
      // A file without MMAP is not mapped, so there is no address to register as an io_uring buffer.
      #expect(Self.outcome(records, verb: "pin") == .errno(.EFAULT, at: 0))
    }

    @Test(.enabled(if: KVMFixture.hasGuestMemfd, "no VM type with guest_memfd here (see the printed reason)"))
    func stateViewAggregatesComeFromTheScan() throws {
      // The probed VM type and flags: a default VM with MMAP|INIT_SHARED on 6.18, a sw-protected one with none on 6.12.
      let (type, flags) = try #require(KVMFixture.guestMemfdVM)
      let backend = KVMBackend()
      #expect(backend.apply(.vm(type)).outcome == .ok)
      #expect(backend.apply(.gmem(GmemSpec(size: 4 << 20, rawFlags: flags))).outcome == .ok)
      #expect(backend.apply(.allocate(FileRange(offset: 2 << 20, length: 2 << 20))).outcome == .ok)
      #expect(backend.apply(.allocate(FileRange(offset: 0, length: 4096))).outcome == .ok)
      #expect(backend.counts(block: 0).allocated == 1)
      #expect(backend.counts(block: 1).allocated == 512)
      #expect(backend.counts(region: 0).allocated == 513)
      #expect(backend.folioShape(ofPage: 0) == .base)
      #expect(backend.folioShape(ofPage: 1) == .hole)
      var runs: [Range<Int>] = []
      backend.forEachRun(in: 0..<1024) { range, state in
        if state.isAllocated { runs.append(range) }
      }
      #expect(runs.first == 0..<1)
      #expect(runs.reduce(0) { $0 + $1.count } == 513)
      #expect(backend.explain(page: 0).count >= 3)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func aThousandCyclesLeakNoDescriptorOrMapping() throws {
      let descriptors = KVMFixture.openKVMDescriptors()
      let mappings = Self.kvmMappings()
      for cycle in 0..<1000 {
        let backend = KVMBackend()
        _ = backend.apply(.vm(.default))
        _ = backend.apply(.gmem(GmemSpec(size: 64 << 10, flagNames: [.mmap, .initShared])))
        _ = backend.apply(.mmap(process: nil))
        _ = backend.apply(.bind(BindSpec()))
        let write = backend.apply(.hostWrite(FileRange(offset: 0, length: 8192), byte: 0x5a, process: nil))
        #expect(write.outcome == .ok)
        // Every tenth cycle also runs the vCPU and pins through io_uring, which hold fds and mappings of their own.
        if cycle % 10 == 0 {
          let guest = backend.apply(.guestWrite(FileRange(offset: 0x2000, length: 4096), byte: 0x11, access: nil))
          #expect(guest.outcome == .ok)
          #expect(backend.apply(.pin(FileRange(offset: 0, length: 8192))).outcome == .ok)
          #expect(backend.apply(.punch(FileRange(offset: 0, length: 4096))).outcome == .ok)
          #expect(backend.orphans(at: 0) == 1)
        }
      }
      #expect(KVMFixture.openKVMDescriptors() == descriptors)
      #expect(Self.kvmMappings() == mappings)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func scanMatchesPerPageCachestatOnAScatteredPattern() throws {
      let backend = KVMBackend()
      #expect(backend.apply(.gmem(GmemSpec(size: 6 << 20, flagNames: [.mmap, .initShared]))).outcome == .ok)
      var expected = Set<Int>()
      var page = 1
      while page < 1536 {
        _ = backend.apply(.allocate(FileRange(offset: UInt64(page) << 12, length: 4096)))
        expected.insert(page)
        page += page % 7 + 2
      }
      #expect(backend.apply(.mmap(process: nil)).outcome == .ok)
      #expect(
        backend.apply(.hostRead(FileRange(offset: 4 << 20, length: 8192), process: nil)).outcome == .value(ByteSet([0]))
      )
      expected.formUnion([1024, 1025])
      let allocated = Set((0..<backend.pageCount).filter { backend.page($0)?.isAllocated == true })
      #expect(allocated == expected)
      #expect(backend.counter(.allocated) == UInt64(expected.count))
      #expect(backend.counter(.mapped) == 2)
    }

    @Test func deviceProblemNamesTheMissingDevice() {
      #expect(
        KVMBackend.deviceProblem(devicePath: "/nonexistent/kvm") == .cannotOpen(path: "/nonexistent/kvm", errno: ENOENT)
      )
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd && BuiltProgram.gmemviz != nil, KVMFixture.needsMapping))
    func runWithTheKVMBackendDrivesTheKernel() throws {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-kvm-\(UUID().uuidString).gmem")
      defer { try? FileManager.default.removeItem(at: path) }
      let script = """
        vm default
        gmem 16K flags=mmap,init-shared
        mmap
        host write 0+8K 0xaa
        host read 0
        expect value 0xaa
        expect count allocated=2 mapped=2
        share 0
        """
      try Data(script.utf8).write(to: path)
      let result = BuiltProgram.runGmemviz(["run", path.path, "--backend", "kvm"])
      #expect(result.status == 0, "\(result.error)")
      #expect(result.output.contains("value 0xaa"))
      #expect(result.output.contains("unsupported: KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel"))
    }

    /// Lines of /proc/self/maps that map a guest_memfd or a vCPU's run area.
    private static func kvmMappings() -> Int {
      guard let file = fopen("/proc/self/maps", "r") else { return -1 }
      defer { fclose(file) }
      var count = 0
      var line: UnsafeMutablePointer<CChar>?
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0 {
        if let line, strstr(line, "kvm-gmem") != nil || strstr(line, "kvm-vcpu") != nil { count += 1 }
      }
      return count
    }
  }
}
