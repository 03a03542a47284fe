#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to its end and reports what it cost, as `/usr/bin/time` would (from `wait4`'s rusage).
enum ChildProcess {
  /// What a finished child used.
  struct Usage {
    /// Its exit status (or 128 + the signal that ended it).
    var status: Int32
    /// User plus system CPU time.
    var cpuMilliseconds: Double
    /// Peak resident memory. Linux starts a spawned child's peak at the spawning process's own (exec keeps the
    /// larger of the two), so this is the child's only while the bench itself is smaller.
    var maxResidentKiB: Int
  }

  /// Runs `path` with `arguments`, its standard output written to the file `stdout`; nil when it cannot start.
  static func run(_ path: String, _ arguments: [String], stdout: String) -> Usage? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var child: pid_t = 0
    guard posix_spawn(&child, path, &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(child, &status, 0, &usage) == child else { return nil }
    let ms = { (t: timeval) in Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Usage(
      status: code, cpuMilliseconds: ms(usage.ru_utime) + ms(usage.ru_stime), maxResidentKiB: usage.ru_maxrss)
  }

  /// True when the two files hold the same bytes.
  static func sameBytes(_ a: String, _ b: String) -> Bool {
    guard let fa = fopen(a, "r"), let fb = fopen(b, "r") else { return false }
    defer {
      fclose(fa)
      fclose(fb)
    }
    while true {
      let (x, y) = (getc(fa), getc(fb))
      if x != y { return false }
      if x == EOF { return true }
    }
  }
}
