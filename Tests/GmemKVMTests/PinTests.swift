import GmemModel
import GmemScript
import Testing

@testable import GmemKVM

#if canImport(Glibc)
  import Glibc
#endif

extension KVMTests {
  /// `pin`/`unpin` through io_uring registered buffers, and orphans, on the running kernel (kernel-here §5).
  @Suite
  struct PinTests {
    /// Runs `script` on `backend`, recording every expectation that fails; returns the command results in order.
    @discardableResult
    private static func run(_ script: String, on backend: KVMBackend) throws -> [OperationResult] {
      let lines = try Parser.parse(script, file: "pin-test.gmem")
      var results: [OperationResult] = []
      let failed = ScriptRunner(backend: backend).run(lines) { record in
        if let result = record.result { results.append(result) }
      }
      for record in failed {
        Issue.record("line \(record.line.number): \(record.failure ?? "")")
      }
      return results
    }

    /// VmPin of /proc/self/status, in kB: the pages this process pins.
    private static func pinnedKilobytes() -> Int {
      guard let file = fopen("/proc/self/status", "r") else { return -1 }
      defer { fclose(file) }
      var line: UnsafeMutablePointer<CChar>?
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0 {
        guard let line, strncmp(line, "VmPin:", 6) == 0 else { continue }
        return Int(atoi(line + 6))
      }
      return -1
    }

    /// The io_uring instances among this process's fds.
    private static func ringDescriptors() -> Int {
      guard let dir = opendir("/proc/self/fd") else { return -1 }
      defer { closedir(dir) }
      var rings = 0
      while let entry = readdir(dir) {
        var buffer = [UInt8](repeating: 0, count: 64)
        let length = withUnsafeBytes(of: entry.pointee.d_name) { name in
          buffer.withUnsafeMutableBytes { target in
            readlinkat(dirfd(dir), name.baseAddress!.assumingMemoryBound(to: CChar.self), target.baseAddress!, 63)
          }
        }
        if length > 0, String(decoding: buffer[0..<length], as: UTF8.self) == "anon_inode:[io_uring]" { rings += 1 }
      }
      return rings
    }

    /// The /proc/kpageflags of `frame`.
    private static func flags(ofFrame frame: UInt64) -> UInt64? {
      KernelPageFlags.read([frame])?.first
    }

    /// The PFN this process maps at file page `page`, 0 when none.
    private static func mappedFrame(_ backend: KVMBackend, page: Int) -> UInt64 {
      guard let mapping = backend.mapping else { return 0 }
      return ProcessPagemap.frames(address: mapping.address(ofOffset: UInt64(page) << 12), count: 1)[0]
    }

    private static let setup = """
      vm default
      gmem 1M flags=mmap,init-shared
      expect ok
      mmap
      expect ok
      """

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func pinShowsPinnedPagesAndGrowsVmPin() throws {
      let backend = KVMBackend()
      try Self.run(Self.setup, on: backend)
      let before = Self.pinnedKilobytes()
      let results = try Self.run(
        """
        pin 64K+64K
        expect ok
        expect page 64K+64K pinned mapped allocated
        expect page 0+64K unpinned hole
        expect count pinned=16 allocated=16 mapped=16
        """, on: backend)
      #expect(Self.pinnedKilobytes() - before == 64)
      let pinned = FileRange(offset: 64 << 10, length: 64 << 10)
      #expect(results.first?.events.first == .pins(pinned, pinned: true, pages: 16))
      let explanation = backend.explain(page: 16).joined(separator: "\n")
      let frame = Self.mappedFrame(backend, page: 16)
      #expect(frame != 0)
      #expect(explanation.contains("PFN \(hex(frame)) (/proc/self/pagemap), kpageflags"))
      #expect(explanation.contains("MMAP"))
      #expect(explanation.contains("folio order 0"))
      #expect(explanation.contains("pinned (FOLL_LONGTERM) by io_uring fd"))
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func unpinOfPartKeepsTheRestPinned() throws {
      let backend = KVMBackend()
      try Self.run(Self.setup, on: backend)
      let before = Self.pinnedKilobytes()
      try Self.run(
        """
        pin 0+64K
        expect ok
        unpin 16K+16K
        expect ok
        expect page 16K+16K unpinned allocated
        expect page 0+16K pinned
        expect page 32K+32K pinned
        expect count pinned=12
        unpin 16K
        expect EINVAL at 16K
        expect count pinned=12
        """, on: backend)
      #expect(Self.pinnedKilobytes() - before == 48)
      try Self.run(
        """
        unpin 0+16K
        expect ok
        unpin 32K+32K
        expect ok
        expect count pinned=0 allocated=16
        """, on: backend)
      #expect(Self.pinnedKilobytes() == before)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func punchWhilePinnedLeavesAnOrphanUntilUnpin() throws {
      let backend = KVMBackend()
      try Self.run(Self.setup + "\nhost write 0+16K 0x45\npin 8K\nexpect ok", on: backend)
      let before = Self.pinnedKilobytes()
      let frame = Self.mappedFrame(backend, page: 2)
      #expect(frame != 0)
      let punch = try Self.run(
        """
        punch 8K
        expect ok
        expect page 8K hole unmapped unpinned orphan
        expect page 4K allocated unpinned
        expect count pinned=0 allocated=3
        """, on: backend)
      #expect(punch.first?.events.first == .orphaned(FileRange(offset: 8 << 10, length: 4 << 10), pages: 1))
      // The old page lives on outside the file, pinned: alive, mapped nowhere (kernel-here §5).
      let orphan = try #require(Self.flags(ofFrame: frame))
      #expect(orphan != 0)
      #expect(orphan & KernelPageFlags.mmap == 0)
      #expect(orphan & KernelPageFlags.uptodate != 0)
      #expect(Self.pinnedKilobytes() == before)
      #expect(backend.explain(page: 2).contains { $0.hasPrefix("orphan held by io_uring fd") })
      try Self.run(
        """
        host read 8K
        expect value 0
        expect page 8K allocated mapped unpinned orphan
        """, on: backend)
      let fresh = Self.mappedFrame(backend, page: 2)
      #expect(fresh != 0 && fresh != frame)
      // The unpin is called directly and the frame read just before and just after it, from an fd opened before.
      // Freed, it shows no flags or heads a free buddy block (kernel-here §5); but on a busy machine another task
      // can take it at once (seen: as a page table, PGTABLE). Either way it no longer shows the orphan's flags.
      let kpageflags = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC)
      defer { close(kpageflags) }
      var held: UInt64 = 0
      var freed: UInt64 = 0
      #expect(pread(kpageflags, &held, 8, off_t(frame * 8)) == 8)
      #expect(try backend.unpin(FileRange.page(8 << 10)) == .ok)
      #expect(pread(kpageflags, &freed, 8, off_t(frame * 8)) == 8)
      #expect(held & KernelPageFlags.uptodate != 0 && held & KernelPageFlags.mmap == 0, "\(hex(held))")
      #expect(freed != held, "\(hex(freed))")
      #expect(backend.events.first == .orphansFreed(FileRange(offset: 8 << 10, length: 4 << 10), pages: 1))
      #expect(Self.pinnedKilobytes() == before - 4)
      backend.rescan()
      #expect(backend.orphans(at: 2) == 0)
      try Self.run("expect page 8K allocated unpinned\nexpect count pinned=0", on: backend)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func pinOfAFileWithoutInitSharedIsTheKernelsEFAULT() throws {
      let backend = KVMBackend()
      let rings = Self.ringDescriptors()
      let before = Self.pinnedKilobytes()
      let results = try Self.run(
        """
        vm default
        gmem 64K flags=mmap
        mmap
        expect ok
        allocate 0+64K
        expect ok
        pin 4K+8K
        expect EFAULT at 4K
        expect count pinned=0 mapped=0
        """, on: backend)
      #expect(results.last?.detail?.hasPrefix("IORING_REGISTER_BUFFERS: Bad address") == true)
      #expect(Self.pinnedKilobytes() == before)
      #expect(Self.ringDescriptors() == rings)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func aLargePinReportsProgressAndAStopPinsNothing() throws {
      let backend = KVMBackend()
      let before = Self.pinnedKilobytes()
      let rings = Self.ringDescriptors()
      _ = try Self.run("gmem 256M flags=mmap,init-shared\nmmap", on: backend)
      var reports: [OperationProgress] = []
      backend.onProgress = { progress in
        reports.append(progress)
        return false
      }
      let result = backend.apply(.pin(FileRange(offset: 0, length: 256 << 20)))
      #expect(result.outcome == .errno(.EINTR, at: 64 << 20))
      #expect(reports == [OperationProgress(call: "IORING_REGISTER_BUFFERS", done: 64 << 20, total: 256 << 20)])
      #expect(backend.counter(.pinned) == 0, "all or nothing")
      #expect(Self.pinnedKilobytes() == before)
      #expect(Self.ringDescriptors() == rings)
    }

    @Test(.enabled(if: KVMFixture.mapsGuestMemfd, KVMFixture.needsMapping))
    func hundredCyclesWithPinsLeakNoDescriptorOrPin() throws {
      let descriptors = KVMFixture.openKVMDescriptors()
      let rings = Self.ringDescriptors()
      let before = Self.pinnedKilobytes()
      for cycle in 0..<100 {
        let backend = KVMBackend()
        try Self.run(
          Self.setup + """

            pin 0+256K
            pin 128K+64K
            punch 0+64K
            unpin 64K+32K
            expect ok
            """, on: backend)
        #expect(Self.pinnedKilobytes() - before == 256 + 64 - 32, "cycle \(cycle)")
        if cycle % 2 == 1 {
          try Self.run("close\nmunmap\nexpect count pages=0", on: backend)
          #expect(Self.pinnedKilobytes() == before, "cycle \(cycle): eviction released the pins")
        }
      }
      #expect(KVMFixture.openKVMDescriptors() == descriptors)
      #expect(Self.ringDescriptors() == rings)
      #expect(Self.pinnedKilobytes() == before)
    }
  }
}
