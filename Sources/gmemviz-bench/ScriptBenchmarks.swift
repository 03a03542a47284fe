import GmemModel
import GmemScript

/// Parsing and running a long script.
enum ScriptBenchmarks {
  static let all: [Benchmark] = [
    Benchmark(name: "script.lines_per_s", run: linesPerSecond),
    Benchmark(name: "script.parse_only", run: parseOnly),
  ]

  /// Parsing alone, a line at a time as `gmemviz run` streams a long script: 1 M lines (share, host write, dontneed,
  /// private and their expectations), parsed and dropped; and the resident memory that adds. Timed in this thread's
  /// CPU time, as `script.lines_per_s` (wall-clock rates follow the machine's load).
  static func parseOnly() -> [Measurement] {
    var rng = SplitMix64(seed: 7)
    var text = ""
    for _ in 0..<125_000 {
      let off = "0x" + String(UInt64.random(in: 0..<(16 << 18), using: &rng) << 12, radix: 16)
      text += "share \(off)  # the guest shares a page\nexpect ok\nhost write \(off) 0xaa\nexpect ok\n"
      text += "dontneed \(off)\nprivate \(off)\nexpect ok\nexpect page \(off) private unmapped allocated\n"
    }
    let bytes = Array(text.utf8)
    text = ""
    let base = Probe.residentBytes()
    var statements = 0
    var lines = 0
    let ms = Probe.cpuMilliseconds {
      var start = 0
      while let lf = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
        lines += 1
        if (try? Parser.line(bytes[start..<lf], number: lines, file: "bench.gmem")) != nil { statements += 1 }
        start = lf + 1
      }
    }
    precondition(statements == lines, "every line of the benchmark parses: \(lines - statements) did not")
    let grown = Double(max(0, Probe.residentBytes() - base)) / 1_048_576
    return [
      Measurement(
        name: "script.parse_only_lines_per_s", value: (Double(lines) / (ms / 1000)).rounded(), unit: "lines/s",
        budget: 1_000_000, direction: .atLeast),
      Measurement(
        name: "script.parse_only_ns_per_line", value: (ms * 1e6 / Double(lines)).rounded(), unit: "ns", budget: 1000),
      Measurement(name: "script.parse_only_rss_growth_MiB", value: grown, unit: "MiB", budget: 1),
    ]
  }

  static func linesPerSecond() -> [Measurement] {
    var text =
      "profile rfc1\nvm sw-protected\ngmem 64G hugetlb=1G\nbind\nallocate 0+64G\nprivate 0+64G\nmmap\n"
    var rng = SplitMix64(seed: 7)
    let rounds = 50_000
    for _ in 0..<rounds {
      let off = "0x" + String(UInt64.random(in: 0..<(16 << 18), using: &rng) << 12, radix: 16)
      text +=
        "share \(off)  # the guest shares a page\nexpect ok\nhost write \(off) 0xaa\nexpect ok\n"
      text += "dontneed \(off)\nprivate \(off)\nexpect ok\nexpect page \(off) private unmapped allocated\n"
    }
    let lines = text.split(separator: "\n").count
    var failed = 0
    let ms = Probe.cpuMilliseconds {
      guard let parsed = try? Parser.parse(text, file: "bench.gmem") else {
        failed = -1
        return
      }
      failed = ScriptRunner(backend: GuestMemfdModel()).run(parsed).count
    }
    precondition(failed == 0, "the benchmark script must run clean: \(failed) expectations failed")
    return [
      Measurement(
        name: "script.lines_per_s", value: (Double(lines) / (ms / 1000)).rounded(), unit: "lines/s",
        budget: nil)
    ]
  }
}
