import Foundation

/// Runs the `gmemviz` executable built next to the tests (the test target depends on it), or `$GMEMVIZ_BINARY`,
/// and collects its exit status, standard output and standard error separately.
enum CapsProgram {
  /// The result of one run.
  struct Result {
    /// The exit status, or 128 + signal.
    var status: Int32
    /// Standard output.
    var output: String
    /// Standard error.
    var error: String
  }

  /// The gmemviz executable, if it can be found.
  static let path: String? = {
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
  }()

  /// Runs gmemviz with `arguments`, standard input /dev/null, and waits for it.
  static func run(_ arguments: [String]) -> Result {
    guard let path else { return Result(status: 127, output: "", error: "gmemviz not found") }
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-caps-\(UUID().uuidString)")
    let outPath = base.path + ".out"
    let errPath = base.path + ".err"
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard spawned == 0 else { return Result(status: 127, output: "", error: "posix_spawn: \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return Result(status: 127, output: "", error: "waitpid: \(errno)") }
    }
    let signal = status & 0x7F
    func read(_ file: String) -> String {
      String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
    }
    return Result(
      status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, output: read(outPath), error: read(errPath))
  }
}
