import Foundation
import GmemTestSupport
import Testing

/// A program running in a detached tmux session of a given size: the harness of the terminal's end-to-end
/// tests.
///
/// Each session has its own tmux server (`-L`, no configuration file), so tests neither see nor disturb the
/// user's tmux. The program runs under a small `sh` script with job control (`set -m`), as under an
/// interactive shell: it has its own process group, Ctrl-Z stops it, and the script waits until the test lets
/// it continue (`fg`). The script records, in the session's directory, the program's pid, `stty -a` of the
/// pane whenever the program stops, and its exit status and `stty -a` after it exits. That shell does nothing
/// to the terminal modes itself, so what it reads is exactly what the program left.
final class TmuxSession {
  /// The tmux executable, if installed.
  static let tmux = Subprocess.find("tmux")

  /// Whether tmux is installed.
  static var isAvailable: Bool { tmux != nil }

  /// The terminal type the program sees unless the test sets `TERM`: tmux's own when terminfo knows it.
  static let defaultTerminalType =
    Subprocess.run("infocmp", ["tmux-256color"]).status == 0 ? "tmux-256color" : "screen"

  /// The tmux server's socket name.
  let socket: String
  /// A directory for the script and the files it writes, removed by ``close()``.
  let directory: URL
  private var closed = false

  /// Starts `program` with `arguments` in a new detached session of `width` × `height`, with `environment`
  /// added to (or, for an empty value, removed from) the program's environment. `TERM` defaults to
  /// ``defaultTerminalType`` and `LANG` to `C.UTF-8`; `LC_ALL` and `NO_COLOR` are unset.
  init(
    program: String, arguments: [String] = [], width: Int = 80, height: Int = 24, environment: [String: String] = [:]
  )
    throws
  {
    socket = "gmemviz-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var variables = ["TERM": TmuxSession.defaultTerminalType, "LANG": "C.UTF-8", "LC_ALL": "", "NO_COLOR": ""]
    variables.merge(environment) { $1 }
    let script = TmuxSession.script(
      directory: directory.path, program: program, arguments: arguments, environment: variables)
    let scriptPath = directory.appendingPathComponent("run.sh").path
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let result = tmux(["new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", "/bin/sh \(scriptPath)"])
    guard result.status == 0 else { throw HarnessError("tmux new-session failed: \(result.output)") }
  }

  deinit { close() }

  /// Kills the session's tmux server (and so the program) and removes the directory.
  func close() {
    guard !closed else { return }
    closed = true
    if let pid = programPID { kill(pid, SIGKILL) }
    tmux(["kill-server"])
    try? FileManager.default.removeItem(at: directory)
    // A server that dies hard leaves its socket behind; leave /tmp as it was.
    let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
    try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
  }

  /// Runs a tmux command on this session's server.
  @discardableResult
  func tmux(_ arguments: [String]) -> Subprocess.Result {
    Subprocess.run(TmuxSession.tmux ?? "tmux", ["-L", socket, "-f", "/dev/null"] + arguments)
  }

  // MARK: Screen

  /// The pane's text, one string per row (`capture-pane -p`).
  func capture() -> String { tmux(["capture-pane", "-p", "-t", "main"]).output }

  /// The pane's rows.
  func lines() -> [String] {
    var lines = capture().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// Waits until `condition` holds for the pane's text, checking every 50 ms for up to `seconds`. Returns
  /// whether it held.
  @discardableResult
  func wait(seconds: Double = 15, until condition: (String) -> Bool) -> Bool {
    TmuxSession.poll(seconds: seconds) { condition(capture()) }
  }

  /// Waits until the pane shows `text`.
  @discardableResult
  func wait(seconds: Double = 15, for text: String) -> Bool { wait(seconds: seconds) { $0.contains(text) } }

  // MARK: Input and size

  /// Sends keys in tmux's key names (`a`, `Up`, `F5`, `C-b`, `PageDown`, `Enter`, …).
  func send(_ keys: String...) { tmux(["send-keys", "-t", "main"] + keys) }

  /// Sends `text` literally, character by character.
  func send(literal text: String) { tmux(["send-keys", "-t", "main", "-l", text]) }

  /// Sends raw bytes as input, for sequences such as mouse reports.
  func send(bytes: [UInt8]) {
    tmux(["send-keys", "-t", "main", "-H"] + bytes.map { String($0, radix: 16) })
  }

  /// Resizes the window (`resize-window`).
  func resize(width: Int, height: Int) {
    tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
  }

  // MARK: The program

  /// The program's pid, once it has started.
  var programPID: pid_t? { file("pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }

  /// Waits for the program to start and returns its pid.
  func waitForPID(seconds: Double = 15) -> pid_t? {
    var pid: pid_t?
    TmuxSession.poll(seconds: seconds) {
      pid = programPID
      return pid != nil
    }
    return pid
  }

  /// Sends `signal` to the program.
  func signal(_ signal: Int32) {
    if let pid = programPID { kill(pid, signal) }
  }

  /// Waits for the program to exit and returns its status as the shell reports it (128 + signal when a signal
  /// killed it), or nil if it did not exit within `seconds`.
  func waitForExit(seconds: Double = 15) -> Int32? {
    var status: Int32?
    TmuxSession.poll(seconds: seconds) {
      status = file("status").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      return status != nil
    }
    return status
  }

  /// `stty -a` as the pane's shell read it after the program exited.
  var sttyAfterExit: String? { file("stty") }

  /// Waits for the program's `number`th stop (1 for the first; by SIGTSTP, SIGSTOP, SIGTTIN or SIGTTOU) and
  /// returns `stty -a` as the pane's shell read it while the program was stopped. The shell waits for
  /// ``continueAfterStop(_:)`` before it continues the program.
  func waitForStop(_ number: Int = 1, seconds: Double = 15) -> String? {
    var stty: String?
    TmuxSession.poll(seconds: seconds) {
      stty = file("stty-stopped-\(number)")
      return stty.map { !$0.isEmpty } ?? false
    }
    return stty
  }

  /// Lets the shell continue the program (`fg`) after its `number`th stop.
  func continueAfterStop(_ number: Int = 1) {
    _ = FileManager.default.createFile(
      atPath: directory.appendingPathComponent("continue-\(number)").path, contents: nil)
  }

  /// The pane's terminal device.
  var paneTTY: String {
    tmux(["display-message", "-p", "-t", "main", "#{pane_tty}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `stty -a` of the pane's terminal now, read from outside.
  func sttyNow() -> String { Subprocess.run("stty", ["-a", "-F", paneTTY]).output }

  /// Whether `stty` (the output of `stty -a`) shows canonical input and echo on, as a shell expects.
  static func isSane(_ stty: String) -> Bool {
    let words = Set(stty.split { $0 == " " || $0 == "\n" || $0 == ";" })
    return words.contains("icanon") && words.contains("echo")
  }

  // MARK: Output bytes

  /// Starts copying everything the program writes to the pane into a file (`pipe-pane -O`).
  func startRecordingOutput() {
    let path = directory.appendingPathComponent("output").path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    tmux(["pipe-pane", "-O", "-t", "main", "cat >> '\(path)'"])
  }

  /// What the program wrote since ``startRecordingOutput()``, as text.
  var recordedOutput: String {
    let path = directory.appendingPathComponent("output").path
    return (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// The number of bytes the program wrote since ``startRecordingOutput()``.
  var recordedOutputCount: Int {
    let path = directory.appendingPathComponent("output").path
    return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  // MARK: Helpers

  private func file(_ name: String) -> String? {
    try? String(contentsOfFile: directory.appendingPathComponent(name).path, encoding: .utf8)
  }

  /// Checks `condition` every 50 ms for up to `seconds`; returns whether it held.
  @discardableResult
  static func poll(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      if condition() { return true }
      if Date() > deadline { return false }
      usleep(50_000)
    }
  }

  private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  private static func script(directory: String, program: String, arguments: [String], environment: [String: String])
    -> String
  {
    let exports = environment.sorted { $0.key < $1.key }.map { name, value in
      value.isEmpty ? "unset \(name)" : "export \(name)=\(quoted(value))"
    }
    let command = ([program] + arguments).map(quoted).joined(separator: " ")
    return """
      # gmemviz terminal test harness: run the program under job control; record its pid, the terminal modes
      # while it is stopped and after it exits, and its exit status.
      set -m
      trap ':' INT
      dir=\(quoted(directory))
      \(exports.joined(separator: "\n"))
      sh -c 'echo $$ > "$0/pid"; exec "$@"' "$dir" \(command)
      status=$?
      n=0
      # 128 + SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU: stopped, not dead (those signals cannot kill).
      while [ "$status" -ge 147 ] && [ "$status" -le 150 ]; do
        n=$((n + 1))
        stty -a > "$dir/stty-stopped-$n.tmp"; mv "$dir/stty-stopped-$n.tmp" "$dir/stty-stopped-$n"
        echo "harness: stopped $n"
        while [ ! -e "$dir/continue-$n" ]; do sleep 0.05; done
        fg > /dev/null
        status=$?
      done
      stty -a > "$dir/stty"
      echo "$status" > "$dir/status.tmp"; mv "$dir/status.tmp" "$dir/status"
      echo "harness: exited $status"
      exec sleep 86400

      """
  }
}

extension TmuxSession {
  /// Checks that the program exited with `status` and left the terminal sane (`stty -a` after exit).
  func expectExit(status: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(waitForExit() == status, "the pane shows:\n\(capture())", sourceLocation: sourceLocation)
    let stty = sttyAfterExit ?? ""
    #expect(TmuxSession.isSane(stty), "stty -a after exit:\n\(stty)", sourceLocation: sourceLocation)
  }
}
