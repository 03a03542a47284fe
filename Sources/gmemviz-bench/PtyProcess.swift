#if canImport(Glibc)
  import Glibc
#endif

/// A program running on a pseudo-terminal of a given size, for measuring what it writes to the terminal.
final class PtyProcess {
  let master: Int32
  let pid: pid_t

  /// Starts `path` with `arguments` on a new pty of `width`×`height`, with `TERM` and a UTF-8 locale set.
  init?(path: String, arguments: [String], width: Int, height: Int, term: String = "xterm-256color") {
    // posix_openpt, unlockpt and ptsname by hand: /dev/ptmx, TIOCSPTLCK and TIOCGPTN (x86-64 numbers).
    let m = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard m >= 0 else { return nil }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard ioctl(m, 0x4004_5431, &unlock) == 0, ioctl(m, 0x8004_5430, &number) == 0 else {
      close(m)
      return nil
    }
    let slavePath = "/dev/pts/\(number)"
    var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(m, UInt(TIOCSWINSZ), &size)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, opening the slave makes it the child's controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, m)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID
    let environment = ["TERM=\(term)", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "HOME=/tmp", "PATH=/usr/bin:/bin"]
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    let env: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer {
      for p in argv { free(p) }
      for p in env { free(p) }
    }
    var child: pid_t = 0
    guard posix_spawn(&child, path, &actions, &attributes, argv, env) == 0 else {
      close(m)
      return nil
    }
    master = m
    pid = child
  }

  deinit {
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }

  /// Reads whatever arrives within `milliseconds`, waiting at most that long in total.
  func read(forMilliseconds milliseconds: Int) -> [UInt8] {
    var out: [UInt8] = []
    let deadline = Probe.nowMilliseconds() + Double(milliseconds)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let left = Int32(max(0, deadline - Probe.nowMilliseconds()))
      var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&fds, 1, left) > 0 else { break }
      let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      out += buffer[0..<n]
    }
    return out
  }

  /// Reads until `done` says the output so far is enough, or `timeout` milliseconds pass; returns the time
  /// it took in milliseconds, or nil on timeout.
  func readUntil(timeout: Int, _ done: ([UInt8]) -> Bool) -> (Double, [UInt8])? {
    let start = Probe.nowMilliseconds()
    var out: [UInt8] = []
    while Probe.nowMilliseconds() - start < Double(timeout) {
      out += read(forMilliseconds: 5)
      if done(out) { return (Probe.nowMilliseconds() - start, out) }
    }
    return nil
  }

  /// Types bytes into the terminal.
  func send(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
  }
}
