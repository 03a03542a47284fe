#if canImport(Glibc)
  import Glibc
#endif

extension PtyProcess {
  /// Reads until nothing arrives for `milliseconds`; false when `timeout` milliseconds pass first.
  func readUntilQuiet(milliseconds: Int, timeout: Int) -> Bool {
    let deadline = Probe.nowMilliseconds() + Double(timeout)
    while Probe.nowMilliseconds() < deadline {
      if read(forMilliseconds: milliseconds).isEmpty { return true }
    }
    return false
  }

  /// CPU time of every thread of the program so far, in nanoseconds (`/proc/PID/task/*/schedstat`).
  func cpuNanoseconds() -> Int {
    guard let dir = opendir("/proc/\(pid)/task") else { return 0 }
    defer { closedir(dir) }
    var total = 0
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard let tid = Int(name), let f = fopen("/proc/\(pid)/task/\(tid)/schedstat", "r") else { continue }
      var ns = 0
      _ = withUnsafeMutablePointer(to: &ns) { p in withVaList([p]) { vfscanf(f, "%ld", $0) } }
      fclose(f)
      total += ns
    }
    return total
  }

  /// The program's resident memory in bytes (`/proc/PID/statm`).
  func residentBytes() -> Int {
    guard let f = fopen("/proc/\(pid)/statm", "r") else { return 0 }
    defer { fclose(f) }
    var size = 0
    var resident = 0
    _ = withUnsafeMutablePointer(to: &size) { s in
      withUnsafeMutablePointer(to: &resident) { r in withVaList([s, r]) { vfscanf(f, "%ld %ld", $0) } }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}
