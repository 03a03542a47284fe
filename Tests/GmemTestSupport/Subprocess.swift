import Foundation

/// Runs a program to completion and collects its output, for the test harness.
///
/// It uses posix_spawn and waitpid rather than Foundation's `Process`, for two reasons found on these
/// machines: the tests run on dispatch worker threads, which block most signals, and a child inherits that
/// mask (a tmux server started so never sees SIGCHLD or SIGTERM); and `Process.waitUntilExit` could miss the
/// exit of tmux's client when it daemonizes the server, hanging the test. Here the child starts with an empty
/// signal mask and default dispositions, and the parent waits for exactly its pid.
public enum Subprocess {
  /// The result of a run: exit status and output.
  public struct Result: Sendable {
    /// The exit status, or 128 + signal when a signal killed the program.
    public var status: Int32
    /// Standard output, with standard error interleaved unless the run kept them apart.
    public var output: String
    /// Standard error, when the run kept it apart; empty otherwise.
    public var error: String

    /// A result of `status` with `output` and `error`.
    public init(status: Int32, output: String, error: String = "") {
      self.status = status
      self.output = output
      self.error = error
    }
  }

  /// Makes a child spawned with `attributes` start with no signal blocked and every signal at its default, as a
  /// shell starts a command (the tests' own threads block most signals, and a child would inherit that).
  public static func startsAsFromAShell(_ attributes: inout posix_spawnattr_t) {
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  }

  /// Runs `executable` (a path, or a name looked up in `PATH`) with `arguments` and waits for it. The
  /// environment is the tests' without `TMUX` (so tmux does not think it is nested); standard input is
  /// /dev/null. Output goes to a file, not a pipe: tmux's server daemonizes and may keep inherited descriptors
  /// open, so a pipe would never reach end of file. With `separatingError`, standard error goes to a file of its
  /// own and comes back in `Result.error`.
  @discardableResult
  public static func run(_ executable: String, _ arguments: [String], separatingError: Bool = false) -> Result {
    guard let path = executable.contains("/") ? executable : find(executable) else {
      return Result(status: 127, output: "\(executable): not found")
    }
    let outputPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("gmemviz-subprocess-\(UUID().uuidString)").path
    let errorPath = outputPath + ".err"
    defer {
      try? FileManager.default.removeItem(atPath: outputPath)
      try? FileManager.default.removeItem(atPath: errorPath)
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if separatingError {
      posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    startsAsFromAShell(&attributes)

    var environment = ProcessInfo.processInfo.environment
    environment["TMUX"] = nil
    environment["TMUX_PANE"] = nil
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }

    var pid: pid_t = 0
    let error = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard error == 0 else { return Result(status: 127, output: "\(executable): posix_spawn: \(error)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return Result(status: 127, output: "\(executable): waitpid: \(errno)") }
    }
    let signal = status & 0x7F
    let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    func contents(_ path: String) -> String {
      String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
    return Result(status: code, output: contents(outputPath), error: separatingError ? contents(errorPath) : "")
  }

  /// The path of `name` in `PATH`, if it is there and executable.
  public static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
