#if canImport(Glibc)
  import Glibc
#endif

/// The map's keys on a file with every folio split, measured from outside on the release `gmemviz` (issue 12): the
/// CPU and resident memory one `s`/`p` press and one undo step cost, at 64 GiB and at 64 TiB.
enum TUIScaleBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "tui.split", run: presses)]

  /// A file, its folio size, and how many folios it has.
  private struct Case {
    var label: String
    var size: String
    var hugetlb: String
    var folios: Int
    var folioBytes: UInt64
  }

  private static let cases = [
    Case(label: "64GiB", size: "64G", hugetlb: "2M", folios: 32_768, folioBytes: 2 << 20),
    Case(label: "64TiB", size: "64T", hugetlb: "1G", folios: 65_536, folioBytes: 1 << 30),
  ]
  /// Presses (and undo steps) measured together.
  private static let pressCount = 20

  /// The setup script: rfc1 sw-protected, the file bound, allocated, private, then one page of every folio shared.
  private static func script(_ c: Case) -> String {
    var text = "profile rfc1\nvm sw-protected\ngmem \(c.size) hugetlb=\(c.hugetlb)\nbind\n"
    text += "allocate 0+\(c.size)\nprivate 0+\(c.size)\n"
    for f in 0..<UInt64(c.folios) {
      text += "share 0x" + String(f * c.folioBytes + 0x1000, radix: 16) + "\n"
    }
    return text
  }

  static func presses() -> [Measurement] {
    let binary = TUIBenchmarks.siblingBinary("gmemviz")
    guard access(binary, X_OK) == 0 else {
      print("tui.split: skipped: \(binary) is not built (swift build -c release --product gmemviz)")
      return []
    }
    var out: [Measurement] = []
    for c in cases {
      let path = "/tmp/gmemviz-bench-split-\(getpid())-\(c.label).gmem"
      guard let f = fopen(path, "w") else { return out }
      fputs(script(c), f)
      fclose(f)
      defer { unlink(path) }
      guard let p = PtyProcess(path: binary, arguments: ["--script", path], width: 200, height: 60) else {
        return out
      }
      // The setup is done when the screen has been quiet for a second; then zoom to the page level.
      guard p.readUntilQuiet(milliseconds: 1000, timeout: 120_000) else {
        print("tui.split: \(c.label): the setup did not settle within 120 s")
        return out
      }
      p.send("\r")
      _ = p.readUntilQuiet(milliseconds: 1000, timeout: 10_000)
      for (what, keys) in [("press", ["s", "p"]), ("undo", ["u"])] {
        let (cpu, rss) = (p.cpuNanoseconds(), p.residentBytes())
        for i in 0..<pressCount {
          p.send(keys[i % keys.count])
          _ = p.read(forMilliseconds: 150)
        }
        _ = p.readUntilQuiet(milliseconds: 1000, timeout: 10_000)
        let ms = Double(p.cpuNanoseconds() - cpu) / 1e6 / Double(pressCount)
        let mib = Double(p.residentBytes() - rss) / 1_048_576 / Double(pressCount)
        out.append(Measurement(name: "tui.\(what)_\(c.label)_split_cpu_ms", value: ms, unit: "ms", budget: 20))
        out.append(Measurement(name: "tui.\(what)_\(c.label)_split_rss_MiB", value: mib, unit: "MiB", budget: 0.5))
      }
      p.send("q")
    }
    return out
  }
}
