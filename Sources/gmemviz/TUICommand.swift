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

      With --backend kvm the map is a real guest_memfd on the running kernel (an upstream default VM, a 1 GiB \
      MMAP|INIT_SHARED file, mapped, bound and its first 64 MiB allocated), rescanned live every --interval \
      milliseconds; operations are real and cannot be undone.
      """
  )

  @Option(help: "Where commands run: model (the in-process model) or kvm (the running kernel).")
  var backend: String = "model"

  @Option(help: "Live rescan interval in milliseconds, for --backend kvm (default 100: 10 Hz).")
  var interval: UInt64 = 100

  @Option(help: "The kernel design: rfc1, rfc2, inplace or upstream (default rfc1; upstream on kvm).")
  var profile: String?

  @Option(help: "The VM type: default, sw-protected, sev, sev-es, snp or tdx (default sw-protected; default on kvm).")
  var vm: String?

  @Option(help: "The guest_memfd size, e.g. 8G, 512M, 1T (default 8G on the model, 1G on kvm).")
  var size: String?

  @Option(help: "The backing page size: 4K, 2M or 1G (default: the profile's).")
  var hugetlb: String?

  @Option(help: "Creation flags, as in the language: mmap,init-shared | support-shared,init-private | 0x3.")
  var flags: String?

  @Option(help: "Run this scenario first (instead of the default setup), then explore from its final state.")
  var script: String?

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  @Flag(inversion: .prefixedNo, help: "Model HugeTLB Vmemmap Optimization.")
  var hvo = true

  func run() throws {
    let theme = display.chosenTheme
    let ascii = display.ascii
    let mouse = !noMouse
    let interval = interval
    let strict = script == nil
    try MainActor.assumeIsolated { () throws -> Void in
      let target = try makeTarget()
      let lines = try startingLines(kernel: target.session.model == nil)
      let session = target.session
      let runner = ScriptRunner(backend: target.backend)
      let (name, header) = (target.name, target.header)
      var app = try TUIApp(
        session: session, theme: theme, ascii: ascii, mouse: mouse, backendName: name, headerPrefix: header,
        rescanMilliseconds: interval)
      do throws(TUIApp.SetupStop) {
        app.state.caption = try app.setUp(lines, runner: runner, strict: strict)
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

  /// The backend the options ask for, its session, its name and the header's fixed part.
  private func makeTarget() throws -> (backend: any Backend, session: Session, name: String, header: String) {
    switch backend {
    case "model":
      let model = GuestMemfdModel(settings: ModelSettings(hvo: hvo))
      return (model, Session(model: model), "model", "")
    case "kvm":
      if let problem = KVMBackend.deviceProblem() {
        printError("gmemviz: --backend kvm: \(problem)")
        throw ExitCode(2)
      }
      if let profile, profile != Profile.upstream.rawValue {
        throw ValidationError("--profile \(profile): --backend kvm runs the kernel's guest_memfd (upstream)")
      }
      if let hugetlb, hugetlb != "4K" {
        throw ValidationError("--hugetlb \(hugetlb): Linux 6.18 guest_memfd has no HugeTLB backing (4K only)")
      }
      let kernel = KVMBackend()
      let header = (try? CapabilityProbe(devicePath: kernel.devicePath).probe())?.headerSummary ?? ""
      return (kernel, Session(kernel: kernel, live: kernel), "kvm", header)
    default:
      throw ValidationError("--backend \(backend): expected model or kvm")
    }
  }

  /// The script to start from: `--script`, or the default setup of the chosen backend.
  private func startingLines(kernel: Bool) throws -> [ScriptLine] {
    if let script { return try ScriptFile.load(script) }
    let lines: [ScriptLine]
    do {
      if kernel {
        let type = try vm.map { (name: String) throws -> VMType in
          guard let v = VMType(rawValue: name) else {
            throw ValidationError("--vm \(name): expected default, sw-protected, sev, sev-es, snp or tdx")
          }
          return v
        }
        lines = try KernelSetup(size: size ?? "1G", flags: flags ?? "mmap,init-shared", vm: type ?? .default).lines()
      } else {
        lines = try modelSetup().lines()
      }
    } catch let error as ScriptError {
      printError("gmemviz: --size/--hugetlb/--flags: \(error.message)")
      throw ExitCode(2)
    }
    return lines
  }

  /// The default start on the model, from --profile, --vm, --size, --hugetlb and --flags.
  private func modelSetup() throws -> SessionSetup {
    let profile = self.profile ?? Profile.rfc1.rawValue
    let vm = self.vm ?? VMType.swProtected.rawValue
    guard let p = Profile(rawValue: profile) else {
      throw ValidationError("--profile \(profile): expected rfc1, rfc2, inplace or upstream")
    }
    guard let v = VMType(rawValue: vm) else {
      throw ValidationError("--vm \(vm): expected default, sw-protected, sev, sev-es, snp or tdx")
    }
    return SessionSetup(profile: p, vm: v, size: size ?? "8G", hugetlb: hugetlb, flags: flags)
  }
}
