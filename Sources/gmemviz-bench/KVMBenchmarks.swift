import GmemKVM
import GmemModel

/// The real backend's budgets: rescanning a guest_memfd, and the kernel beside the model doing the same work.
enum KVMBenchmarks {
  static let all: [Benchmark] = [Benchmark(name: "kvm", run: scans)]

  private static func must(_ b: any Backend, _ c: Command) -> Bool {
    let r = b.apply(c)
    if !r.outcome.succeeded { print("kvm: \(c.summary): \(r.outcome.text) \(r.detail ?? "")") }
    return r.outcome.succeeded
  }

  /// A 16 GiB (and a 1 GiB) INIT_SHARED guest_memfd with some GiB allocated, rescanned; fallocate of 1 GiB and
  /// single-page punches, on the kernel and on the model.
  static func scans() -> [Measurement] {
    if let problem = KVMBackend.deviceProblem() {
      print("kvm: skipped: \(problem)")
      return []
    }
    var out: [Measurement] = []
    for (size, allocated, name) in [
      (UInt64(16) << 30, UInt64(3) << 30, "kvm.scan_16GiB_ms"), (1 << 30, 1 << 29, "kvm.scan_1GiB_ms"),
    ] {
      let k = KVMBackend()
      let setup: [Command] = [
        .profile(.upstream), .vm(.default), .gmem(GmemSpec(size: size, flagNames: [.mmap, .initShared])),
        .mmap(process: 1), .allocate(FileRange(offset: 0, length: allocated)),
        .hostWrite(FileRange(offset: 0, length: 64 << 20), byte: 0xaa, process: 1),
      ]
      guard setup.allSatisfy({ must(k, $0) }) else { return out }
      let ms = Probe.medianMilliseconds(runs: 11) { k.rescan() }
      out.append(Measurement(name: name, value: ms, unit: "ms", budget: size == 16 << 30 ? 100 : nil))
    }
    // fallocate 1 GiB and punch 4 KiB pages: the kernel, then the model, the same commands.
    for (label, make) in [
      ("kernel", { () -> any Backend in KVMBackend() }), ("model", { () -> any Backend in GuestMemfdModel() }),
    ] {
      var allocateMs: [Double] = []
      var punchRate = 0.0
      for _ in 0..<3 {
        let b = make()
        guard must(b, .profile(.upstream)), must(b, .vm(.default)),
          must(b, .gmem(GmemSpec(size: 1 << 30, flagNames: [.mmap, .initShared])))
        else { return out }
        allocateMs.append(Probe.milliseconds { _ = b.apply(.allocate(FileRange(offset: 0, length: 1 << 30))) })
        let punches = 2000
        let ms = Probe.milliseconds {
          for i in 0..<punches { _ = b.apply(.punch(.page(UInt64(i) * 4096 * 7))) }
        }
        punchRate = Double(punches) / (ms / 1000)
      }
      allocateMs.sort()
      out.append(Measurement(name: "\(label).fallocate_1GiB_ms", value: allocateMs[1], unit: "ms", budget: nil))
      out.append(Measurement(name: "\(label).punch_4K_per_s", value: punchRate.rounded(), unit: "ops/s", budget: nil))
    }
    out += accesses(label: "kernel") { KVMBackend() }
    out += accesses(label: "model") { GuestMemfdModel() }
    return out
  }

  /// Host write of 256 MiB (populate + store), a guest write of 2 MiB through the vCPU, and a pin of 2 MiB through
  /// io_uring, each on a fresh bound 1 GiB file: the median of 3.
  private static func accesses(label: String, _ make: () -> any Backend) -> [Measurement] {
    let operations: [(String, Command)] = [
      ("host_write_256MiB_ms", .hostWrite(FileRange(offset: 0, length: 256 << 20), byte: 0xaa, process: 1)),
      ("guest_write_2MiB_ms", .guestWrite(FileRange(offset: 0, length: 2 << 20), byte: 0x55, access: nil)),
      ("pin_2MiB_ms", .pin(FileRange(offset: 0, length: 2 << 20))),
    ]
    var out: [Measurement] = []
    for (name, operation) in operations {
      var runs: [Double] = []
      for _ in 0..<3 {
        let b = make()
        let setup: [Command] = [
          .profile(.upstream), .vm(.default), .gmem(GmemSpec(size: 1 << 30, flagNames: [.mmap, .initShared])),
          .mmap(process: 1), .bind(BindSpec()),
        ]
        guard setup.allSatisfy({ must(b, $0) }) else { return out }
        runs.append(Probe.milliseconds { _ = must(b, operation) })
      }
      runs.sort()
      out.append(Measurement(name: "\(label).\(name)", value: runs[1], unit: "ms", budget: nil))
    }
    return out
  }
}
