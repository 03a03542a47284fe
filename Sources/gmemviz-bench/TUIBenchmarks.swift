import GmemModel
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

/// The map's budgets: composing a frame, the first frame after launch, and bytes written to the terminal.
enum TUIBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "view.frame_200x60_1TiB", run: frames),
    Benchmark(name: "tui.pty", run: pty),
  ]

  /// Median time to compose a full 200×60 frame of a 1 TiB file, with one folio split, at each zoom level.
  static func frames() -> [Measurement] {
    let m = GuestMemfdModel()
    for c: Command in [
      .vm(.snp), .gmem(GmemSpec(size: 1 << 40, hugetlb: .huge1G)), .bind(BindSpec()),
      .allocate(FileRange(offset: 0, length: 1 << 40)),
      .convert(FileRange(offset: 0, length: 1 << 40), to: .private, content: nil),
      .convert(.page(0x4000_1000), to: .shared, content: nil),
    ] {
      precondition(m.apply(c).outcome.succeeded)
    }
    var out: [Measurement] = []
    for zoom in ZoomLevel.allCases {
      var state = ViewState(zoom: zoom, cursor: 0x4000_1000 >> 12)
      state.faultabilityIndex = FaultabilityIndex.measure(m)
      var sink = 0
      let ms = Probe.medianMilliseconds(runs: 101) {
        sink &+= Renderer.render(m, state, size: ScreenSize(width: 200, height: 60)).width
      }
      precondition(sink > 0)
      out.append(Measurement(name: "view.frame_200x60_1TiB_\(zoom.name)_median_ms", value: ms, unit: "ms", budget: 1))
    }
    return out
  }

  /// The real binary on a pty: time to the first frame, bytes while idle, bytes for one page's change.
  static func pty() -> [Measurement] {
    let binary = siblingBinary("gmemviz")
    guard access(binary, X_OK) == 0 else {
      print("tui.pty: skipped: \(binary) is not built (swift build -c release --product gmemviz)")
      return []
    }
    var firstFrames: [Double] = []
    var idle = 0
    var change = 0
    var operation = 0
    var cursorMove = 0
    for run in 0..<5 {
      guard let p = PtyProcess(path: binary, arguments: [], width: 120, height: 40) else { return [] }
      // The hint bar is the last thing drawn; seeing "quit" means the first frame is on screen.
      guard let (ms, _) = p.readUntil(timeout: 5000, { String(decoding: $0, as: UTF8.self).contains("quit") }) else {
        print("tui.pty: no first frame within 5 s")
        return []
      }
      firstFrames.append(ms)
      guard run == 0 else { continue }
      _ = p.read(forMilliseconds: 300)
      idle = p.read(forMilliseconds: 2000).count
      // Zoom to the page level and split folio 0 with a share of page 0 under the cursor.
      p.send("\r")
      _ = p.read(forMilliseconds: 300)
      p.send("s")
      _ = p.read(forMilliseconds: 1200)
      p.send("l")
      cursorMove = p.read(forMilliseconds: 300).count
      // Share page 3 (not under the cursor) from the command line: the operation's frame rewrites the page's
      // cell, the inspector, counters, log and status; when its flash ends, the next frame changes exactly one
      // page's cell on screen, which is what a page changing by itself costs.
      p.send(":share 0x3000")
      _ = p.read(forMilliseconds: 300)
      p.send("\r")
      operation = p.read(forMilliseconds: 300).count
      change = p.read(forMilliseconds: 1000).count
      p.send("q")
    }
    firstFrames.sort()
    return [
      Measurement(name: "tui.first_frame_ms", value: firstFrames[firstFrames.count / 2], unit: "ms", budget: 150),
      Measurement(name: "tui.idle_bytes", value: Double(idle), unit: "bytes/2s", budget: 1),
      Measurement(name: "tui.one_change_bytes", value: Double(change), unit: "bytes", budget: 100),
      Measurement(name: "tui.one_operation_bytes", value: Double(operation), unit: "bytes", budget: nil),
      Measurement(name: "tui.cursor_move_bytes", value: Double(cursorMove), unit: "bytes", budget: nil),
    ]
  }

  /// A binary built beside this one.
  static func siblingBinary(_ name: String) -> String {
    let me = CommandLine.arguments[0]
    var path = me
    if !me.contains("/") {
      return name
    }
    if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
    return path + "/" + name
  }
}
