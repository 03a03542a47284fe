import Foundation

/// Where the `gmemviz` executable the app's end-to-end tests drive is: `$GMEMVIZ_BINARY` if set, otherwise the
/// one built next to the test bundle (the test target depends on it).
enum AppProgram {
  static var path: String? {
    if let path = ProcessInfo.processInfo.environment["GMEMVIZ_BINARY"] {
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<3 {
      let candidate = directory.appendingPathComponent("gmemviz").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }
}
