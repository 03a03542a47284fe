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
