import GmemModel
import GmemScript

/// Parsing and running a long script.
enum ScriptBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "script.lines_per_s", run: linesPerSecond)]

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
    let ms = Probe.milliseconds {
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
