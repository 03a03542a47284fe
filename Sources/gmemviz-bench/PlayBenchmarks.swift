#if canImport(Glibc)
  import Glibc
#endif

/// Demo mode: how long the release `gmemviz` takes to record the talk headless (every line rendered at 100×30 in
/// the presentation theme and written as asciicast), so that recordings are cheap enough for CI.
enum PlayBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "play.headless_tour", run: headlessTour)]

  /// The talk scenario, from the package root.
  static let tour = "Assets/scenarios/tour.gmem"

  /// Median of 5 whole runs of `gmemviz play tour.gmem --headless --record`, process start to exit.
  static func headlessTour() -> [Measurement] {
    let binary = TUIBenchmarks.siblingBinary("gmemviz")
    guard access(binary, X_OK) == 0, access(tour, R_OK) == 0 else {
      print("play.headless_tour: skipped: needs \(binary) and \(tour) (run from the package root)")
      return []
    }
    let cast = "/tmp/gmemviz-bench-tour-\(getpid()).cast"
    defer { unlink(cast) }
    let arguments = ["play", tour, "--headless", "--theme", "presentation", "--record", cast]
    var failed = false
    let ms = Probe.medianMilliseconds(runs: 5) { failed = failed || run(binary, arguments) != 0 }
    guard !failed else {
      print("play.headless_tour: gmemviz play failed")
      return []
    }
    var info = stat()
    let bytes = stat(cast, &info) == 0 ? Double(info.st_size) : 0
    return [
      Measurement(name: "play.headless_tour_ms", value: ms, unit: "ms", budget: nil),
      Measurement(name: "play.tour_cast_bytes", value: bytes, unit: "bytes", budget: nil),
    ]
  }

  /// Runs `path` with `arguments` and waits: its exit status.
  private static func run(_ path: String, _ arguments: [String]) -> Int32 {
    var child: pid_t = 0
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for arg in argv { free(arg) } }
    guard posix_spawn(&child, path, nil, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(child, &status, 0)
    return status
  }
}
