import ArgumentParser
import GmemDiff
import GmemKVM
import GmemModel
import GmemScript

/// `gmemviz diff FILE`: run a scenario on the model's upstream profile and on the kernel, and report every step
/// whose result or observed page state differs.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Run a scenario on the model (profile upstream) and on the kernel, and print every difference.",
    discussion: """
      Each command runs on both; its outcome and the page state the kernel can observe after it (allocated, \
      uptodate, mapped by process 1, pinned, orphans, the private attribute the kvm backend set, and their \
      counters) are compared. The model follows the kernel's features: the VM types and guest_memfd flags it \
      reports. A step the kernel reports as unsupported is skipped. Expectations are checked on both; what the \
      kernel cannot observe (SPTEs, faultability, the HugeTLB pools) on the model only, and counted as not \
      observable. On a PVM host (kvm_pvm loaded) the model emulates guest accesses through the VMM's mapping, as \
      that KVM does.
      Exit status: 0 when every step was compared, nothing differs and every expectation holds; 1 when something \
      differs or an expectation fails; 3 when nothing differs but not every step was compared (one was skipped, \
      or the comparison stopped); 2 when the file cannot be read or parsed or /dev/kvm cannot be opened or \
      probed; 128 + N when signal N ended it; 141 (quietly) when the reader of standard output went away.
      """
  )

  @Argument(help: "The scenario file (*.gmem).")
  var file: String

  @Flag(help: "Print the report as one JSON object instead of text.")
  var json = false

  @Flag(name: .shortAndLong, help: "Also print every step that agrees.")
  var verbose = false

  @Option(help: "The KVM device.")
  var device = "/dev/kvm"

  func run() throws {
    let bytes: [UInt8]
    switch ScriptSource.read(path: file) {
    case .success(let b): bytes = b
    case .failure(let e):
      printError("gmemviz: \(e)")
      throw ExitCode(2)
    }
    let lines: [ScriptLine]
    do {
      lines = try Parser.parse(bytes, file: file)
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    if let problem = KVMBackend.deviceProblem(devicePath: device) {
      printError("gmemviz: diff: \(problem): the kernel side cannot run")
      throw ExitCode(2)
    }
    let features: KernelFeatures
    do {
      features = try KernelFeatures.probe(devicePath: device)
    } catch {
      printError("gmemviz: diff: \(error): the kernel's features cannot be probed")
      throw ExitCode(2)
    }
    let signals = TerminationSignals()
    let kernel = KVMBackend(devicePath: device)
    kernel.onProgress = { _ in signals.keepGoing() }
    let settings = ModelSettings(emulatedGuestAccess: HostKVM.emulatesGuestAccesses, kernel: features)
    let conformance = ConformanceRun(
      model: GuestMemfdModel(settings: settings), kernel: kernel, file: file)
    var writeFailure: WriteError?
    var lastLine: Int?
    let report = conformance.run(lines) { step in
      lastLine = step.line.number
      guard !json else { return }
      do throws(WriteError) {
        for line in DiffOutput.text(step, file: file, verbose: verbose) { try StandardOutput.line(line) }
      } catch { writeFailure = error }
    } until: {
      signals.poll() != nil || writeFailure != nil
    }
    if let writeFailure { throw writeFailure }
    try StandardOutput.line(json ? DiffOutput.json(report) : DiffOutput.summary(report))
    if let signal = signals.received {
      printError(RunCommand.interrupted(file, by: signal, after: lastLine))
      throw ExitCode(signals.exitStatus)
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }
}
