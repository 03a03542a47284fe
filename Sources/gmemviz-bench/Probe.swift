#if canImport(Glibc)
  import Glibc
#endif

/// Process-level measurements: time and resident memory.
enum Probe {
  /// Milliseconds taken by `body`.
  static func milliseconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let d = clock.measure(body)
    return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  /// CPU milliseconds this thread spent in `body` (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other work,
  /// what the work costs rather than how much of the CPU the scheduler gave it.
  static func cpuMilliseconds(_ body: () -> Void) -> Double {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    return Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1e6
  }

  /// The median of `runs` timings of `body`, in milliseconds.
  static func medianMilliseconds(runs: Int, _ body: () -> Void) -> Double {
    let times = (0..<runs).map { _ in milliseconds(body) }.sorted()
    return times[times.count / 2]
  }

  /// A monotonic clock in milliseconds.
  static func nowMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
  }

  /// Resident set size in bytes, from /proc/self/statm.
  static func residentBytes() -> Int {
    guard let f = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(f) }
    var size = 0
    var resident = 0
    guard
      withUnsafeMutablePointer(
        to: &size,
        { s in
          withUnsafeMutablePointer(to: &resident) { r in
            withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) }
          }
        }) == 2
    else { return 0 }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}
