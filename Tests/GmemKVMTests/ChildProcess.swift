import Foundation

/// A child process with its standard input, output and error on socket pairs (pipe2 is not in Swift's Glibc), made
/// close-on-exec atomically in this process, so no other child inherits them: when this process dies, the child
/// sees EOF on its standard input.
/// Releasing an unreaped child kills (SIGKILL) and reaps it, so no test leaves one behind.
final class ChildProcess {
  /// How long a read waits for the child before giving up: an upper bound, never a wait. Generous because the lab
  /// runs these tests under QEMU's emulation, where a debug gmemviz took over 10 s to print its first line.
  static let patience: Int32 = 60_000

  /// The child's process id.
  let pid: pid_t
  /// The write end of its standard input; -1 once closed.
  private var input: Int32
  /// The read ends of its standard output and error.
  private let output: Int32
  private let errors: Int32
  /// The exit status (or 128 + signal), once reaped.
  private(set) var status: Int32?

  /// Spawns `path` with `arguments`; nil when it cannot be spawned.
  init?(_ path: String, _ arguments: [String]) {
    var fds: [Int32] = [-1, -1, -1, -1, -1, -1]
    let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    for i in stride(from: 0, to: 6, by: 2) {
      let made = fds.withUnsafeMutableBufferPointer { socketpair(AF_UNIX, type, 0, $0.baseAddress! + i) }
      guard made == 0 else {
        for fd in fds where fd >= 0 { close(fd) }
        return nil
      }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // dup2 clears close-on-exec on the child's 0, 1 and 2; every other end closes at exec.
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
    posix_spawn_file_actions_adddup2(&actions, fds[3], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[5], 2)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var child: pid_t = 0
    let spawned = posix_spawn(&child, path, &actions, nil, argv, environ)
    for fd in [fds[0], fds[3], fds[5]] { close(fd) }
    guard spawned == 0 else {
      for fd in [fds[1], fds[2], fds[4]] { close(fd) }
      return nil
    }
    pid = child
    input = fds[1]
    output = fds[2]
    errors = fds[4]
  }

  deinit {
    if status == nil { kill() }
    closeInput()
    close(output)
    close(errors)
  }

  /// One line of standard output without its newline, or nil on EOF or after `milliseconds`.
  func readLine(milliseconds: Int32 = ChildProcess.patience) -> String? {
    readLine(from: output, milliseconds: milliseconds)
  }

  /// One line of standard error without its newline, or nil on EOF or after `milliseconds`.
  func readErrorLine(milliseconds: Int32 = ChildProcess.patience) -> String? {
    readLine(from: errors, milliseconds: milliseconds)
  }

  private func readLine(from fd: Int32, milliseconds: Int32) -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&entry, 1, milliseconds) == 1, read(fd, &byte, 1) == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
  }

  /// Writes `line` and a newline to its standard input.
  func send(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(input, $0.baseAddress, $0.count) }
  }

  /// Closes its standard input: the child sees EOF.
  func closeInput() {
    if input >= 0 { close(input) }
    input = -1
  }

  /// Reads standard output and error to EOF, then reaps the child: (status, output, error).
  func finish() -> (status: Int32, output: String, error: String) {
    closeInput()
    var collected: [[UInt8]] = [[], []]
    var pending = [output, errors]
    var buffer = [UInt8](repeating: 0, count: 4096)
    while pending.contains(where: { $0 >= 0 }) {
      // poll(2) skips the negative fds of the ends already at EOF.
      var entries = pending.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      guard poll(&entries, 2, Self.patience) > 0 else { break }
      for i in 0..<2 where pending[i] >= 0 && entries[i].revents != 0 {
        let count = read(pending[i], &buffer, buffer.count)
        if count > 0 { collected[i] += buffer[0..<count] } else { pending[i] = -1 }
      }
    }
    let text = collected.map { String(decoding: $0, as: UTF8.self) }
    return (wait() ?? kill(), text[0], text[1])
  }

  /// Reaps the child within `milliseconds`: its status, or nil when it is still running.
  @discardableResult
  func wait(milliseconds: Int = 10_000) -> Int32? {
    if let status { return status }
    for _ in 0...milliseconds / 10 {
      var raw: Int32 = 0
      if waitpid(pid, &raw, WNOHANG) == pid {
        status = Self.decode(raw)
        return status
      }
      usleep(10_000)
    }
    return nil
  }

  /// SIGKILLs and reaps the child; its status (137 unless it had already exited).
  @discardableResult
  func kill() -> Int32 {
    if let status { return status }
    _ = Glibc.kill(pid, SIGKILL)
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
    let decoded = Self.decode(raw)
    status = decoded
    return decoded
  }

  /// The exit status in a waitpid status, or 128 + the signal that ended the child.
  private static func decode(_ raw: Int32) -> Int32 {
    let signal = raw & 0x7F
    return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
  }
}
