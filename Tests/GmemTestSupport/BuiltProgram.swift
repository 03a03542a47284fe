import Foundation

/// Where the executables the tests drive are: the ones SwiftPM built next to the test bundle (each test target that
/// runs one depends on it), unless an environment variable names another.
public enum BuiltProgram {
  /// The `gmemviz` executable: `$GMEMVIZ_BINARY` if set, otherwise the one built next to the tests; nil when it
  /// cannot be found.
  public static let gmemviz: String? = path("gmemviz", environmentVariable: "GMEMVIZ_BINARY")

  /// The `GmemTerminalDemo` executable the terminal's end-to-end tests drive: `$GMEMVIZ_TERM_DEMO` if set,
  /// otherwise the one built next to the tests.
  public static let terminalDemo: String? = path("GmemTerminalDemo", environmentVariable: "GMEMVIZ_TERM_DEMO")

  /// The executable `name`: the path in `environmentVariable` if that is set (nil when it is not executable),
  /// otherwise `name` in the test bundle's directory or one of its two parents (the runner may sit inside a bundle
  /// directory, `…/debug/gmemvizPackageTests.xctest`).
  public static func path(_ name: String, environmentVariable: String? = nil) -> String? {
    if let environmentVariable, let path = ProcessInfo.processInfo.environment[environmentVariable] {
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<3 {
      let candidate = directory.appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }

  /// Runs `gmemviz` with `arguments` to completion (standard input /dev/null), its standard output and error
  /// collected apart; status 127 when it cannot be found.
  public static func runGmemviz(_ arguments: [String]) -> Subprocess.Result {
    guard let gmemviz else { return Subprocess.Result(status: 127, output: "", error: "gmemviz not found") }
    return Subprocess.run(gmemviz, arguments, separatingError: true)
  }
}
