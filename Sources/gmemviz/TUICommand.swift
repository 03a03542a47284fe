import ArgumentParser
import GmemKVM
import GmemModel
import GmemScript
import GmemView

/// `gmemviz tui`: the interactive map (the default subcommand).
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Open the interactive map on the model (the default).",
    discussion: """
      Starts from an rfc1 sw-protected VM with an 8 GiB guest_memfd of 1 GiB HugeTLB pages, bound, allocated and \
      converted to private: every folio is whole, and the first share splits one. Press ? for every key.

      With --backend kvm the map is a real guest_memfd on the running kernel, rescanned live every --interval \
      milliseconds; operations are real and cannot be undone. Where the kernel lists a sw-protected VM \
      (KVM_CAP_VM_TYPES), it is one with a 1 GiB file without flags, bound with its own shared memory and its first \
      64 MiB allocated, and s and p convert with KVM_SET_MEMORY_ATTRIBUTES; elsewhere a default VM with a 1 GiB \
      MMAP|INIT_SHARED file, mapped, bound and its first 64 MiB allocated. What changed between \
      scans is kept, at most --history bytes (default 16M; the oldest scans dropped past that): [ and ] step \
      through the scans that changed something, with the time of each in the header, and ] past the newest, or }, \
      goes back to LIVE.
      """
  )

  @Option(parsing: .unconditional, help: "Where commands run: the in-process model or the running kernel.")
  var backend: BackendName = .model

  @Option(
    parsing: .unconditional,
    help: "Live rescan interval in milliseconds, 10 to 60000, for --backend kvm (default 100: 10 Hz).",
    transform: OptionValue.integer(in: 10...60_000))
  var interval: UInt64 = 100

  @Option(
    parsing: .unconditional,
    help: "For --backend kvm: the most memory the history of changes between scans keeps (default 16M; 0: none).",
    transform: OptionValue.memoryBudget)
  var history: Int = ScanHistory.defaultByteLimit

  @Option(parsing: .unconditional, help: "The kernel design (default rfc1; upstream on kvm).")
  var profile: Profile?

  @Option(
    parsing: .unconditional,
    help: "The VM type (default sw-protected; on kvm sw-protected where the kernel lists it, else default).")
  var vm: VMType?

  @Option(
    parsing: .unconditional, help: "The guest_memfd size, e.g. 8G, 512M, 1T (default 8G on the model, 1G on kvm).",
    transform: OptionValue.size)
  var size: String?

  @Option(parsing: .unconditional, help: "The backing page size (default: the profile's).")
  var hugetlb: Backing?

  @Option(
    parsing: .unconditional,
    help: "Creation flags, as in the language: mmap,init-shared | support-shared,init-private | 0x3.",
    transform: OptionValue.flags)
  var flags: String?

  @Option(help: "Run this scenario first (instead of the default setup), then explore from its final state.")
  var script: String?

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  @Flag(inversion: .prefixedNo, help: "Model HugeTLB Vmemmap Optimization.")
  var hvo = true

  @Flag(
    help: "Check the model's invariants after every change and mark a broken one with ! (slow on huge split files).")
  var checkInvariants = false

  func run() throws {
    let theme = display.theme
    let ascii = display.ascii
    let mouse = !noMouse
    let interval = interval
    let history = history
    let strict = script == nil
    let script = script
    let checkInvariants = checkInvariants
    try MainActor.assumeIsolated { () throws -> Void in
      let target = try makeTarget()
      let lines = try startingLines(kernel: target.session.model == nil)
      let (name, header) = (target.name, target.header)
      var app = try TUIApp(
        session: target.session, theme: theme, ascii: ascii, mouse: mouse, backendName: name, headerPrefix: header,
        rescanMilliseconds: interval, historyBytes: history, checkInvariants: checkInvariants)
      app.opening.origin = script.map { "--script \($0)" }
      do throws(TUIApp.SetupStop) {
        app.state.update(.caption(try app.setUp(lines, strict: strict)))
      } catch {
        app.terminal.restore()
        switch error {
        case .failed(let line, let outcome):
          printError("gmemviz: setup `\(line)` failed: \(outcome)")
          throw ExitCode(2)
        case .quit(let status):
          throw ExitCode(status)
        }
      }
      try app.run()
    }
  }

  func validate() throws {
    guard backend == .kvm else { return }
    if let profile, profile != .upstream {
      throw ValidationError("--profile \(profile.rawValue): --backend kvm runs the kernel's guest_memfd (upstream)")
    }
    if let hugetlb, hugetlb != .base4K {
      throw ValidationError("--hugetlb \(hugetlb.rawValue): Linux 6.18 guest_memfd has no HugeTLB backing (4K only)")
    }
  }

  /// The session on the backend the options ask for, the backend's name and the header's fixed part.
  private func makeTarget() throws -> (session: Session, name: String, header: String) {
    switch backend {
    case .model:
      let model = GuestMemfdModel(settings: ModelSettings(hvo: hvo))
      return (Session(model: model), "model", "")
    case .kvm:
      if let problem = KVMBackend.deviceProblem() {
        printError("gmemviz: --backend kvm: \(problem)")
        throw ExitCode(2)
      }
      let kernel = KVMBackend()
      let header = (try? CapabilityProbe(devicePath: kernel.devicePath).probe())?.headerSummary ?? ""
      return (Session(kernel: kernel, live: kernel), "kvm", header)
    }
  }

  /// The script to start from: `--script`, or the default setup of the chosen backend.
  private func startingLines(kernel: Bool) throws -> [ScriptLine] {
    if let script { return try ScriptFile.load(script) }
    do {
      if kernel {
        // A sw-protected VM where the kernel lists one, so `s` and `p` convert; its file has no flags, as mainline's
        // private_mem_conversions_test, and the memslot its own shared memory. Elsewhere a default VM.
        let type = vm ?? (VMTypeMask.read()?.lists(.swProtected) == true ? .swProtected : .default)
        let defaultFlags = type.hasPrivateMemory ? "" : "mmap,init-shared"
        return try KernelSetup(size: size ?? "1G", flags: flags ?? defaultFlags, vm: type).lines()
      }
      return try SessionSetup(
        profile: profile ?? .rfc1, vm: vm ?? .swProtected, size: size ?? "8G", hugetlb: hugetlb?.rawValue,
        flags: flags
      ).lines()
    } catch {
      printError("gmemviz: --size/--hugetlb/--flags: \(error.message)")
      throw ExitCode(2)
    }
  }
}
