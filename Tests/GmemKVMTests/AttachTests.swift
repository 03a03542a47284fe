import CGmemSys
import Foundation
import GmemKVM
import GmemModel
import GmemTestSupport
import Testing

extension KVMTests {
  /// `gmemviz attach` and `AttachedGuestMemfd` on a GmemAttachFixture process: the exact runs of its known pattern,
  /// the errors, and that observing it changes nothing in it.
  @Suite
  struct AttachTests {
    static let enabled = KVMFixture.hasGuestMemfd && BuiltProgram.gmemviz != nil && AttachFixture.path != nil
    /// The tests of the fixture's mappings also need its first file mapped (MMAP|INIT_SHARED).
    static let mapped = enabled && AttachFixture.flags != 0 && KVMFixture.mapsGuestMemfd

    /// The runs of the fixture's first guest_memfd (64 MiB): pages 0-15 and 256-767 allocated. With MMAP|INIT_SHARED,
    /// 0-3 written and 5 written then MADV_DONTNEED through area A (pages 0-7), and 514-515 read through area B
    /// (pages 512-527); without MMAP (the lab's 6.12), nothing is mapped.
    static let firstRuns =
      AttachFixture.flags != 0
      ? [
        "0x0+0x4000 allocated mapped uptodate",
        "0x4000+0x1000 allocated unmapped",
        "0x5000+0x1000 allocated unmapped uptodate",
        "0x6000+0xa000 allocated unmapped",
        "0x10000+0xf0000 hole unmapped",
        "0x100000+0x102000 allocated unmapped",
        "0x202000+0x2000 allocated mapped uptodate",
        "0x204000+0xfc000 allocated unmapped",
        "0x300000+0x3d00000 hole unmapped",
      ]
      : [
        "0x0+0x10000 allocated unmapped",
        "0x10000+0xf0000 hole unmapped",
        "0x100000+0x200000 allocated unmapped",
        "0x300000+0x3d00000 hole unmapped",
      ]

    /// The runs of its second guest_memfd (2 MiB, flags 0): pages 0-1 allocated.
    static let secondRuns = ["0x0+0x2000 allocated unmapped", "0x2000+0x1fe000 hole unmapped"]

    private static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Runs `gmemviz ARGUMENTS` and expects exit 2, no output and exactly `message` on standard error.
    private static func expectFailure(_ arguments: [String], _ message: String) {
      let result = BuiltProgram.runGmemviz(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.output.isEmpty)
      #expect(result.error == "gmemviz attach: \(message)\n")
    }

    @Test(.enabled(if: enabled, "needs gmemviz, GmemAttachFixture and guest_memfd"))
    func listShowsEveryGuestMemfdAsRuns() throws {
      let fixture = try #require(AttachFixture())
      let result = BuiltProgram.runGmemviz(["attach", String(fixture.pid), "--list"])
      #expect(result.status == 0, "\(result.error)")
      #expect(result.error.isEmpty)
      #expect(
        Self.lines(result.output)
          == ["fd \(fixture.fd): 0x4000000"] + Self.firstRuns + ["fd \(fixture.secondFD): 0x200000"] + Self.secondRuns)
      #expect(fixture.stop() == 0)
    }

    @Test(.enabled(if: enabled, "needs gmemviz, GmemAttachFixture and guest_memfd"))
    func fdPicksOneGuestMemfd() throws {
      let fixture = try #require(AttachFixture())
      let first = BuiltProgram.runGmemviz(["attach", String(fixture.pid), "--fd", String(fixture.fd), "--list"])
      #expect(first.status == 0, "\(first.error)")
      #expect(Self.lines(first.output) == Self.firstRuns)
      let second = BuiltProgram.runGmemviz(["attach", String(fixture.pid), "--list", "--fd", String(fixture.secondFD)])
      #expect(second.status == 0, "\(second.error)")
      #expect(Self.lines(second.output) == Self.secondRuns)
      #expect(fixture.stop() == 0)
    }

    @Test(.enabled(if: enabled, "needs gmemviz, GmemAttachFixture and guest_memfd"))
    func errorsAreOneLineAndExitTwo() throws {
      // Pids are below pid_max, so pid_max itself is never a process.
      let pidMaxText = String(
        decoding: FileManager.default.contents(atPath: "/proc/sys/kernel/pid_max") ?? Data(), as: UTF8.self)
      let pidMax = try #require(Int32(pidMaxText.trimmingCharacters(in: .whitespacesAndNewlines)))
      Self.expectFailure(["attach", String(pidMax), "--list"], "no such process: \(pidMax)")

      let sleeper = try #require(ChildProcess("/bin/sleep", ["60"]))
      Self.expectFailure(
        ["attach", String(sleeper.pid), "--list"],
        "pid \(sleeper.pid) has no guest_memfd (no fd in /proc/\(sleeper.pid)/fd links to anon_inode:[kvm-gmem])")
      sleeper.kill()

      let fixture = try #require(AttachFixture())
      let pid = String(fixture.pid)
      let vmFD = try #require(
        (0..<fixture.fd).first { fd in
          (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) == "anon_inode:kvm-vm"
        })
      Self.expectFailure(
        ["attach", pid, "--fd", String(vmFD), "--list"],
        "pid \(pid) fd \(vmFD) is not a guest_memfd: it is anon_inode:kvm-vm")
      Self.expectFailure(["attach", pid, "--fd", "999"], "pid \(pid) has no fd 999")
      let stdin = BuiltProgram.runGmemviz(["attach", pid, "--fd", "0", "--list"])
      #expect(stdin.status == 2)
      #expect(stdin.error.hasPrefix("gmemviz attach: pid \(pid) fd 0 is not a guest_memfd: it is socket:["))
      #expect(fixture.stop() == 0)
    }

    @Test(
      .enabled(
        if: enabled && geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
        "needs root, /usr/bin/setpriv, gmemviz, GmemAttachFixture and guest_memfd"))
    func notPermittedSaysWhatIsNeeded() throws {
      let fixture = try #require(AttachFixture())
      let gmemviz = try #require(BuiltProgram.gmemviz)
      let nobody = try #require(
        ChildProcess(
          "/usr/bin/setpriv",
          ["--reuid=65534", "--regid=65534", "--clear-groups", gmemviz, "attach", String(fixture.pid), "--list"]))
      let result = nobody.finish()
      #expect(result.status == 2)
      #expect(result.output.isEmpty)
      #expect(
        result.error
          == "gmemviz attach: not permitted to attach to pid \(fixture.pid): open /proc/\(fixture.pid)/fd: "
          + "Permission denied (run as root or with CAP_SYS_PTRACE, or as its user: /proc/PID/fd and pidfd_getfd "
          + "check ptrace access)\n")
      #expect(fixture.stop() == 0)
    }

    @Test(.enabled(if: mapped, KVMFixture.needsMapping))
    func attachingChangesNothingInTheProcess() throws {
      let fixture = try #require(AttachFixture())
      let before = try #require(GuestMemfdSnapshot(pid: fixture.pid, fd: fixture.fd))
      let secondBefore = try #require(GuestMemfdSnapshot(pid: fixture.pid, fd: fixture.secondFD))
      #expect(before.pagemap.count == 8 + 16)
      #expect(before.pagemap.filter { $0 >> 63 == 1 }.count == 6)
      #expect(before.uptodate.filter { $0 & 1 == 1 }.count == 7)

      #expect(BuiltProgram.runGmemviz(["attach", String(fixture.pid), "--list"]).status == 0)
      let discovery = try GuestMemfdDiscovery(pid: fixture.pid)
      for target in try discovery.guestMemfds() {
        let view = try AttachedGuestMemfd(discovery: discovery, target: target)
        for _ in 0..<3 { view.rescan() }
        for p in 0..<view.pageCount { _ = view.explain(page: p) }
      }

      #expect(GuestMemfdSnapshot(pid: fixture.pid, fd: fixture.fd) == before)
      #expect(GuestMemfdSnapshot(pid: fixture.pid, fd: fixture.secondFD) == secondBefore)
      #expect(fixture.stop() == 0)
    }

    @Test(.enabled(if: mapped, KVMFixture.needsMapping))
    func viewFollowsTheProcessLive() throws {
      let descriptors = KVMFixture.openKVMDescriptors()
      do {
        let fixture = try #require(AttachFixture())
        let discovery = try GuestMemfdDiscovery(pid: fixture.pid)
        #expect(try discovery.guestMemfds().map(\.fd) == [fixture.fd, fixture.secondFD])
        #expect(throws: AttachError.noSuchDescriptor(pid: fixture.pid, fd: 999)) {
          try discovery.guestMemfd(fd: 999)
        }
        let view = try AttachedGuestMemfd(discovery: discovery, target: discovery.guestMemfd(fd: fixture.fd))
        #expect(view.counter(.pages) == 16384)
        #expect(view.counter(.allocated) == 528)
        #expect(view.counter(.mapped) == 6)
        #expect(view.counts(region: 0).uptodate == 7)
        #expect(view.counter(.faultable) == 16384)
        #expect(view.flags == GmemFlags(raw: 3, mmap: true, initShared: true))
        #expect(view.isOpen)
        #expect(view.mappingProcesses == [1])
        #expect(view.vmas.map(\.fileOffset) == [0, 0x20_0000] || view.vmas.map(\.fileOffset) == [0x20_0000, 0])
        #expect(Set(view.vmas.map(\.length)) == [0x8000, 0x1_0000])
        let header = "attached to pid \(fixture.pid) fd \(fixture.fd)"
        #expect(view.explain(page: 0).first?.hasPrefix(header) == true)
        #expect(view.explain(page: 0).contains { $0.hasPrefix("mapped: bit 63 (present) of /proc/\(fixture.pid)/") })
        #expect(view.explain(page: 5).contains { $0.hasPrefix("uptodate: mincore") })
        #expect(view.explain(page: 5).contains { $0.hasPrefix("unmapped: no PTE") })
        #expect(view.explain(page: 16).contains { $0.hasPrefix("hole: cachestat") })
        #expect(view.explain(page: 100).contains { $0.hasPrefix("unmapped: pid \(fixture.pid) has no area") })

        // The process's file changes (here through another copy of its fd): a rescan shows it.
        let pidfd = gmem_pidfd_open(fixture.pid)
        let copy = gmem_pidfd_getfd(pidfd, fixture.fd)
        #expect(gmem_fallocate(copy, GMEM_FALLOC_FL_PUNCH_HOLE | GMEM_FALLOC_FL_KEEP_SIZE, 0, 4096) == 0)
        _ = gmem_close(copy)
        _ = gmem_close(pidfd)
        view.rescan()
        #expect(view.counter(.allocated) == 527)
        #expect(view.counter(.mapped) == 5)
        #expect(view.page(0)?.isAllocated == false && view.page(0)?.isMapped == false)

        let second = try AttachedGuestMemfd(discovery: discovery, target: discovery.guestMemfd(fd: fixture.secondFD))
        #expect(second.counter(.allocated) == 2)
        #expect(second.flags == GmemFlags(raw: 0, mmap: false, initShared: false))
        #expect(
          second.explain(page: 0).contains {
            $0 == "uptodate: not known, the copy cannot be mapped for mincore (mmap(PROT_NONE, MAP_SHARED): "
              + "No such device)"
          })

        // Once the process exits, its areas are gone, and the copy alone keeps the file.
        #expect(fixture.stop() == 0)
        view.rescan()
        #expect(!view.isOpen)
        #expect(view.vmas.isEmpty)
        #expect(view.counter(.mapped) == 0)
        #expect(view.counter(.allocated) == 527)
        #expect(view.explain(page: 1).last == "pid \(fixture.pid) has exited; gmemviz's copy keeps the file alive")
      }
      #expect(KVMFixture.openKVMDescriptors() == descriptors)
    }
  }
}
