import GmemModel
import GmemScript
import GmemView

/// A model driven by a script, with the log entries and the flash an app would keep: what snapshots render.
struct ScriptedSession {
  /// The model after the script.
  let model: GuestMemfdModel
  /// One log entry per command.
  var log: OperationLog = []
  /// The pages the last command changed.
  var changed: [Range<Int>] = []

  /// The default session of issue 3: rfc1, a sw-protected VM, 8 GiB of 1 GiB HugeTLB pages, bound, allocated
  /// and private, every folio whole.
  static let defaultScript = """
    profile rfc1
    vm sw-protected
    gmem 8G hugetlb=1G
    bind
    allocate 0+8G
    private 0+8G
    """

  /// Runs `script` (the default session first unless `fresh`) on a new model.
  init(_ script: String = "", fresh: Bool = false) {
    model = GuestMemfdModel()
    run((fresh ? "" : Self.defaultScript + "\n") + script)
  }

  /// Runs more lines.
  mutating func run(_ script: String) {
    let lines: [ScriptLine]
    do {
      lines = try Parser.parse(script, file: "<test>")
    } catch {
      fatalError("test script does not parse: \(error)")
    }
    let runner = ScriptRunner(backend: model)
    for line in lines {
      let record = runner.execute(line)
      guard let result = record.result else { continue }
      log.append(LogEntry(sequence: model.sequence, command: line.source, result: result))
      changed = ChangedPages.ranges(of: result.events, backing: model.backing, pageCount: model.pageCount)
    }
  }

  /// A view state showing this session's log.
  func state(zoom: ZoomLevel = .folio, cursor: Int = 0, flash: Bool = false) -> ViewState {
    var s = ViewState(zoom: zoom, cursor: cursor)
    s.log = log
    if flash { s.changedPages = changed }
    s.headerSummary = "model: every operation"
    return s
  }

  /// The frame at `width` × `height`.
  func screen(_ state: ViewState, _ width: Int, _ height: Int) -> Screen {
    Renderer.render(model, state, size: ScreenSize(width: width, height: height))
  }
}
