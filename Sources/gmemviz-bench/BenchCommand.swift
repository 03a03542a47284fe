import ArgumentParser

/// `gmemviz-bench`: measures the budgets of PRODUCT.md in a release build and prints a table.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gmemviz-bench",
    abstract: "Measure gmemviz against its budgets (run it with -c release)."
  )

  @Flag(help: "Print one JSON object per line: {\"name\", \"value\", \"unit\", \"budget\"}.")
  var json = false

  @Option(help: "Run only the benchmarks whose name contains this text.")
  var filter: String?

  func run() throws {
    var results: [Measurement] = []
    // The walk first: a spawned child's peak memory (wait4's ru_maxrss) starts at this process's own peak, which
    // the terabyte benchmarks raise to hundreds of MiB.
    for bench in RunWalkBenchmarks.all + ModelBenchmarks.all + UndoBenchmarks.all + AttributeBenchmarks.all
      + MemAttrBenchmarks.all + HugeRangeBenchmarks.all + DenseBenchmarks.all + ScriptBenchmarks.all
      + TUIBenchmarks.all + TUIScaleBenchmarks.all
      + PlayBenchmarks.all + KVMBenchmarks.all
    where filter.map({ bench.name.contains($0) }) ?? true {
      let measured = bench.run()
      results.append(contentsOf: measured)
      if json { for m in measured { print(m.json) } }
    }
    if !json { print(Measurement.table(results)) }
  }
}
