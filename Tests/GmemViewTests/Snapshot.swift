import Foundation
import GmemView
import Testing

/// Text snapshots under `__Snapshots__/`: a missing or different snapshot fails; with
/// `GMEMVIZ_RECORD_SNAPSHOTS=1` the snapshot is written instead (and the test still fails when it was missing
/// or different, so a recording run is never mistaken for a passing one).
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  static var recording: Bool { ProcessInfo.processInfo.environment["GMEMVIZ_RECORD_SNAPSHOTS"] == "1" }

  /// The file text of `screen`'s glyphs: a size line, then each row with trailing blanks removed.
  static func text(_ screen: Screen) -> String {
    "\(screen.width)x\(screen.height)\n" + screen.lines.map(trimmed).joined(separator: "\n") + "\n"
  }

  /// The file text of `screen`'s style layer.
  static func styles(_ screen: Screen) -> String {
    "\(screen.width)x\(screen.height) styles\n" + screen.styleLines.map(trimmed).joined(separator: "\n") + "\n"
  }

  private static func trimmed(_ s: String) -> String {
    var t = Substring(s)
    while t.last == " " { t = t.dropLast() }
    return String(t)
  }

  /// Compares `actual` with the snapshot `name`.txt.
  static func assert(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = directory.appendingPathComponent(name + ".txt")
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if expected == actual { return }
    if recording {
      try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      do {
        try actual.write(to: url, atomically: true, encoding: .utf8)
      } catch {
        Issue.record("could not write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      Issue.record(
        "snapshot \(name) \(expected == nil ? "recorded" : "re-recorded"); run again without GMEMVIZ_RECORD_SNAPSHOTS",
        sourceLocation: sourceLocation)
      return
    }
    guard let expected else {
      Issue.record(
        "missing snapshot \(name).txt; record it with GMEMVIZ_RECORD_SNAPSHOTS=1 and review it\n\(actual)",
        sourceLocation: sourceLocation)
      return
    }
    Issue.record(
      "snapshot \(name) differs:\n\(diff(expected, actual))", sourceLocation: sourceLocation)
  }

  /// The first differing lines, expected then actual.
  private static func diff(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) where out.count < 24 {
      let x = i < e.count ? String(e[i]) : "<none>"
      let y = i < a.count ? String(a[i]) : "<none>"
      if x != y {
        out.append("line \(i + 1):")
        out.append("- \(x)")
        out.append("+ \(y)")
      }
    }
    return out.joined(separator: "\n")
  }
}
