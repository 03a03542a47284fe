#if canImport(Glibc)
  import Glibc
#endif

/// The time of day a scan was taken, as the history and `attach --log` show it.
public enum WallClock {
  /// Milliseconds since the Unix epoch (CLOCK_REALTIME).
  public static func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
  }

  /// `milliseconds` since the epoch as local time of day, `HH:MM:SS.mmm` (e.g. `12:04:05.120`).
  public static func text(_ milliseconds: UInt64) -> String {
    var seconds = time_t(milliseconds / 1000)
    var parts = tm()
    localtime_r(&seconds, &parts)
    return "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
      + pad(Int(milliseconds % 1000), 3)
  }

  private static func pad(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
