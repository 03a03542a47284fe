import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// `gmemviz run` of the 1 M-step random walk (rfc1, 64 GiB of 1 GiB folios) beside a C program that reads the same
/// script, parses it, applies it with plain bitmaps and prints the same lines (Benchmarks/walk-baseline.c, built
/// here with `cc -O2`): CPU and peak resident memory of each process, and their ratio, from the same run.
enum RunWalkBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "run.walk_1M", run: walk)]

  /// Runs of each program; the table gives the minimum (and prints the median).
  private static let runs = 3

  /// The script: the setup of `model.attribute_walk`, then its 1 M conversions, one a line.
  private static func script() -> String {
    var text = "profile rfc1\nvm snp\ngmem 64G hugetlb=1G\nbind\nallocate 0+64G\nprivate 0+64G\n"
    text.reserveCapacity(32 << 20)
    for (page, toPrivate) in AttributeBenchmarks.walk() {
      text += (toPrivate ? "private 0x" : "share 0x") + String(page << 12, radix: 16) + "\n"
    }
    return text
  }

  static func walk() -> [Measurement] {
    let gmemviz = TUIBenchmarks.siblingBinary("gmemviz")
    let source = "Benchmarks/walk-baseline.c"
    guard access(gmemviz, X_OK) == 0, access(source, R_OK) == 0 else {
      print("run.walk_1M: skipped: needs \(gmemviz) built and \(source) (run from the package root)")
      return []
    }
    let dir = "/tmp/gmemviz-bench-walk-\(getpid())"
    mkdir(dir, 0o700)
    let (scriptPath, baseline) = (dir + "/walk.gmem", dir + "/walk-baseline")
    let (ours, theirs) = (dir + "/gmemviz.out", dir + "/baseline.out")
    defer {
      for f in [scriptPath, baseline, ours, theirs] { unlink(f) }
      rmdir(dir)
    }
    guard let f = fopen(scriptPath, "w") else { return [] }
    fputs(script(), f)
    fclose(f)
    guard ChildProcess.run("/usr/bin/cc", ["-O2", "-o", baseline, source], stdout: "/dev/null")?.status == 0 else {
      print("run.walk_1M: skipped: cc could not build \(source)")
      return []
    }
    var mine: [ChildProcess.Usage] = []
    var floor: [ChildProcess.Usage] = []
    for i in 0..<runs {
      // Interleaved, so both see the same load; the first run of each keeps its output to compare.
      guard let a = ChildProcess.run(gmemviz, ["run", scriptPath], stdout: i == 0 ? ours : "/dev/null"),
        let b = ChildProcess.run(baseline, [scriptPath], stdout: i == 0 ? theirs : "/dev/null"),
        a.status == 0, b.status == 0
      else {
        print("run.walk_1M: a run failed")
        return []
      }
      mine.append(a)
      floor.append(b)
    }
    let same = ChildProcess.sameBytes(ours, theirs)
    if !same { print("run.walk_1M: the baseline's output differs from gmemviz run's (compare them to see how)") }
    let cpu = { (u: [ChildProcess.Usage]) in u.map(\.cpuMilliseconds).sorted() }
    let (a, b) = (cpu(mine), cpu(floor))
    print(
      "run.walk_1M: gmemviz run CPU ms \(a.map(format)), baseline \(b.map(format)) (median \(format(a[runs / 2])) vs \(format(b[runs / 2])))"
    )
    let peak = mine.map(\.maxResidentKiB).max() ?? 0
    return [
      Measurement(name: "run.walk_1M_gmemviz_cpu_ms", value: a[0], unit: "ms", budget: nil),
      Measurement(name: "run.walk_1M_baseline_cpu_ms", value: b[0], unit: "ms", budget: nil),
      Measurement(name: "run.walk_1M_cpu_vs_baseline", value: a[0] / b[0], unit: "ratio", budget: 10),
      Measurement(name: "run.walk_1M_gmemviz_max_rss_MiB", value: Double(peak) / 1024, unit: "MiB", budget: 300),
      Measurement(name: "run.walk_1M_same_output", value: same ? 1 : 0, unit: "bool", budget: nil),
    ]
  }
}
