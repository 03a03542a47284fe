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

/// A small deterministic random number generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
