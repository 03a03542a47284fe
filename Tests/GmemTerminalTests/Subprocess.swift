import Foundation

/// Runs a program to completion and collects its output, for the test harness.
enum Subprocess {
  /// The result of a run: exit status and standard output (standard error is merged into it).
  struct Result {
    /// The exit status, or 128 + signal when the program was killed.
    var status: Int32
    /// Standard output followed by standard error.
    var output: String
  }

  /// Runs `executable` (a path, or a name looked up in `PATH`) with `arguments`, in the environment of the
  /// tests without `TMUX` (so tmux does not think it is nested), and waits for it.
  @discardableResult
  static func run(_ executable: String, _ arguments: [String]) -> Result {
    guard let path = executable.contains("/") ? executable : find(executable) else {
      return Result(status: 127, output: "\(executable): not found")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["TMUX"] = nil
    environment["TMUX_PANE"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return Result(status: 127, output: "\(executable): \(error)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return Result(status: status, output: String(decoding: data, as: UTF8.self))
  }

  /// The path of `name` in `PATH`, if it is there and executable.
  static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
