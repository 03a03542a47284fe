import GmemModel
import GmemScript
import Testing

/// When the file is released and its inode evicted, and what then becomes of its pins (issue 10, behaviours 3
/// and 5).
@Suite("File lifetime")
struct FileLifetimeTests {
  /// The issue's reproducer for `close` while mapped: the mapping holds the file, so SPTEs stay, guest accesses
  /// work and rfc1's hook still runs until the last `munmap`.
  static let closeWhileMapped = """
    profile rfc1
    vm sw-protected
    gmem 2M hugetlb=4K
    bind
    mmap
    private 0
    guest write 0 0x11
    close
    expect ok
    expect page 0 private unfaultable spte=4K
    expect count spte=1
    allocate 4K
    expect EBADF
    guest read 0
    expect value 0x11
    share 0
    expect ok
    expect page 0 shared faultable no-spte
    host write 0 0x33
    expect ok
    munmap
    expect ok
    expect count pages=0 spte=0
    guest read 0
    expect EFAULT
    """

  @Test func closeWhileMappedReleasesAtTheLastMunmap() throws {
    let model = GuestMemfdModel()
    var released: [Int] = []
    let runner = ScriptRunner(backend: model)
    for line in try Parser.parse(Self.closeWhileMapped, file: "close.gmem") {
      let record = runner.execute(line)
      #expect(record.passed, "line \(line.number) `\(line.source)`: \(record.failure ?? "")")
      #expect(InvariantChecker.check(model).isEmpty, "after line \(line.number)")
      if record.result?.events.contains(.released) == true { released.append(line.number) }
    }
    #expect(released == [21], "kvm_gmem_release ran at lines \(released), not at the munmap (21)")
  }

  @Test func closeOfAnUnmappedFileReleasesAtOnce() throws {
    let model = try runScript(
      """
      profile rfc1
      gmem 2M hugetlb=4K
      bind
      private 0
      guest write 0 0x11
      close
      expect ok
      expect count pages=0 spte=0
      """)
    #expect(model.file == nil && model.memslots.isEmpty)
  }

  /// The issue's reproducer for an evicted file's orphans: a punched pinned page holds its huge page, another
  /// page is still pinned at eviction; once evicted, process 1 closes its rings and every huge page is back.
  static let evictedOrphans = """
    profile rfc1
    vm sw-protected
    pool 1G=4
    gmem 2G hugetlb=1G
    bind
    mmap
    allocate 0+2G
    pin 0
    pin 1G
    punch 0+1G
    expect page 0 hole orphan
    expect count pool-free=2 pool-resv=0
    close
    munmap
    expect ok
    expect count pool-free=4 pool-resv=0
    gmem 4G hugetlb=1G
    expect ok
    expect count pool-free=4 pool-resv=4
    """

  @Test func anEvictedFilesOrphansAreFreedWhenProcessOneClosesItsRings() throws {
    let model = GuestMemfdModel()
    let runner = ScriptRunner(backend: model)
    var eviction: [Event] = []
    for line in try Parser.parse(Self.evictedOrphans, file: "orphans.gmem") {
      let record = runner.execute(line)
      #expect(record.passed, "line \(line.number) `\(line.source)`: \(record.failure ?? "")")
      #expect(InvariantChecker.check(model).isEmpty, "after line \(line.number)")
      if line.source == "munmap" { eviction = record.result?.events ?? [] }
    }
    #expect(eviction.contains(.orphaned(FileRange(offset: 1 << 30, length: 4096), pages: 1)))
    #expect(eviction.last == .ringsClosed(orphans: 2, hugePages: 2, backing: .huge1G), "\(eviction)")
    let pool = Event.ringsClosed(orphans: 2, hugePages: 2, backing: .huge1G).text
    #expect(pool.hasSuffix("2 orphan pages freed, 2 held 1G huge pages back in the pool"), "\(pool)")
  }

  @Test func anEvictedFileWithoutPinsClosesNoRings() throws {
    let model = GuestMemfdModel()
    for command: Command in [.gmem(GmemSpec(size: 2 << 20, hugetlb: .huge2M)), .mmap(process: nil), .close] {
      _ = model.apply(command)
    }
    let events = model.apply(.munmap(process: nil)).events
    #expect(events.contains(.evicted))
    #expect(!events.contains { if case .ringsClosed = $0 { true } else { false } })
  }

  /// The tour logged "SPTEs zapped" twice at its last `munmap`: once as the zap (with its count) and once more in
  /// the release's own text. The release is one line, then the one zap it causes, with its count.
  @Test func theToursLastMunmapLogsItsSPTEZapOnce() throws {
    let path = talkDirectory.appendingPathComponent("tour.gmem").path
    let runner = ScriptRunner(backend: GuestMemfdModel())
    var lastMunmap: [String] = []
    for line in try Parser.parse(String(contentsOfFile: path, encoding: .utf8), file: path) {
      let record = runner.execute(line)
      if case .command(.munmap) = line.statement { lastMunmap = record.result?.events.map(\.text) ?? [] }
    }
    let zaps = lastMunmap.filter { $0.contains("SPTEs zapped") }
    #expect(zaps == ["SPTEs zapped: 514 entries over 0x0+0xc0000000"], "\(lastMunmap)")
    let release = try #require(lastMunmap.firstIndex { $0.hasPrefix("kvm_gmem_release") }, "\(lastMunmap)")
    let zap = try #require(lastMunmap.firstIndex { $0.hasPrefix("SPTEs zapped") })
    #expect(release < zap, "the release comes before the zap it causes: \(lastMunmap)")
  }
}
