#if canImport(Glibc)
  import Glibc
#endif

/// Milliseconds on CLOCK_MONOTONIC: the clock of flashes, playback, live rescans and progress redraws.
func monotonicMilliseconds() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
}
