import GmemModel
import GmemTestSupport
import GmemView
import Testing

/// `gmemviz --backend kvm` at 80 columns cut the header's `LIVE` off: it came last in the summary, whose parts a
/// narrow header drops from the end. It is the header's marker now, kept at any width: the file's long words and
/// then the summary's parts go first.
@Suite("The kernel's header")
struct KernelHeaderTests {
  /// The capabilities of Linux 6.18 here (`CapabilityReport.headerSummary`), as `gmemviz --backend kvm` shows them.
  static let upstreamCaps =
    "gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM types default · kvm API 12"
  /// Those of the lab kernel (Linux 6.12 with a sw-protected VM), whose first part is long.
  static let labCaps =
    "sw-protected: gmem flags none, memory attributes PRIVATE · default: no guest_memfd, no memory attributes · "
    + "pre-fault · VM types default,sw-protected · kvm API 12"

  /// The default `--backend kvm` session (`KernelSetup`) on the model: on a kernel without sw-protected VMs
  /// (`vm default`), or with them.
  static func session(vm: String = "default") -> ScriptedSession {
    let flags = vm == "default" ? " flags=mmap,init-shared\nmmap" : ""
    return ScriptedSession(
      "profile upstream\nvm \(vm)\ngmem 1G\(flags)\nbind\nallocate 0+0x4000000", fresh: true)
  }

  static func header(caps: String, marker: String, width: Int, vm: String = "default") -> String {
    let session = Self.session(vm: vm)
    var state = session.state()
    state.backendName = "kvm"
    state.headerSummary = caps
    state.headerMarker = marker
    let screen = Renderer.render(
      KernelReadView(model: session.model), state, size: ScreenSize(width: width, height: 24))
    var line = Substring(screen.lines[0])
    while line.last == " " { line = line.dropLast() }
    return String(line)
  }

  @Test func liveAt80ColumnsSnapshot() {
    let session = Self.session()
    var state = session.state()
    state.backendName = "kvm"
    state.headerSummary = Self.upstreamCaps
    state.headerMarker = "LIVE"
    let screen = Renderer.render(KernelReadView(model: session.model), state, size: ScreenSize(width: 80, height: 24))
    Snapshot.assert(Snapshot.text(screen), named: "kvm-live-80x24")
  }

  @Test func at80ColumnsTheHeaderKeepsLiveAndTheFlags() {
    #expect(
      Self.header(caps: Self.upstreamCaps, marker: "LIVE", width: 80)
        == " kvm · upstream · default · 1G of 4K pages · gmem flags MMAP|INIT_SHARED · LIVE")
    // The lab kernel's first finding does not fit beside them: the file's words shrink, then the finding goes.
    #expect(
      Self.header(caps: Self.labCaps, marker: "LIVE", width: 80, vm: "sw-protected")
        == " kvm · upstream · sw-protected · 1G/4K · LIVE")
  }

  @Test func whileScrubbingTheScanShownStaysAt80Columns() {
    #expect(
      Self.header(caps: Self.upstreamCaps, marker: "history 3/17 12:04:05.120", width: 80)
        == " kvm · upstream · default · 1G/4K · history 3/17 12:04:05.120")
  }

  @Test(arguments: [40, 50, 60, 100, 120, 200])
  func theMarkerEndsTheHeaderAtAnyWidth(_ width: Int) {
    for caps in [Self.upstreamCaps, Self.labCaps] {
      let header = Self.header(caps: caps, marker: "history 3/17 12:04:05.120", width: width)
      #expect(header.hasSuffix(" history 3/17 12:04:05.120"), "\(width) columns: \(header)")
      #expect(header.count <= width)
    }
  }
}
