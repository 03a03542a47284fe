import Foundation

/// Where the demo program the end-to-end tests drive is.
enum DemoProgram {
  /// The `GmemTerminalDemo` executable: `$GMEMVIZ_TERM_DEMO` if set, otherwise the one built next to the test
  /// bundle (the test target depends on it, so `swift build --build-tests` and `swift test` build it).
  static var path: String? {
    if let path = ProcessInfo.processInfo.environment["GMEMVIZ_TERM_DEMO"] {
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    // The test runner may sit inside a bundle directory (`…/debug/gmemvizPackageTests.xctest`).
    for _ in 0..<3 {
      let candidate = directory.appendingPathComponent("GmemTerminalDemo").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }
}
