import ArgumentParser
import GmemKVM
import GmemModel
import GmemScript

#if canImport(Glibc)
  import Glibc
#endif

/// `gmemviz run FILE`: run a scenario and print one line per command.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario file and print each command's result.",
    discussion: """
      Exit status: 0 when every expectation holds, 1 when one fails, 2 when the file cannot be read or parsed.
      """
  )

  @Argument(help: "The scenario file (*.gmem).")
  var file: String

  @Option(help: "Where commands run: model (the in-process model) or kvm (the running kernel).")
  var backend: String = "model"

  @Flag(help: "Print one JSON object per line instead of text.")
  var json = false

  @Flag(name: .shortAndLong, help: "Also print each command's kernel events.")
  var verbose = false

  @Flag(
    help: "Run the model's invariant checker after every command and report any broken invariant.")
  var checkInvariants = false

  @Flag(inversion: .prefixedNo, help: "Model HugeTLB Vmemmap Optimization: a split restores the vmemmap.")
  var hvo = true

  @Flag(help: "Make every vmemmap restore fail with ENOMEM, so conversions that must split a folio fail.")
  var failVmemmapRestore = false

  func run() throws {
    let lines = try ScriptFile.load(file)
    let model: GuestMemfdModel?
    let chosen: any Backend
    let progress = StderrProgress()
    switch backend {
    case "model":
      let m = GuestMemfdModel(settings: ModelSettings(hvo: hvo, vmemmapRestoreFails: failVmemmapRestore))
      model = m
      chosen = m
    case "kvm":
      if let problem = KVMBackend.deviceProblem() {
        printError("gmemviz: --backend kvm: \(problem)")
        throw ExitCode(2)
      }
      model = nil
      let kernel = KVMBackend()
      kernel.onProgress = progress.report
      chosen = kernel
    default:
      printError("gmemviz: --backend \(backend): expected model or kvm")
      throw ExitCode(2)
    }
    let runner = ScriptRunner(backend: chosen)
    var broken = false
    let failed = runner.run(lines) { record in
      progress.finish()
      if json {
        if let line = RunOutput.json(record) { print(line) }
      } else {
        if let line = RunOutput.text(record) { print(line) }
        if verbose { for line in RunOutput.eventLines(record) { print(line) } }
      }
      // Each line is out before the next command runs: one that dies (out of memory) loses none of them
      // (fflush(NULL) flushes stdout without naming the global).
      fflush(nil)
      if checkInvariants, let model, record.result != nil {
        for v in InvariantChecker.check(model) {
          broken = true
          printError("\(file):\(record.line.number): invariant broken: \(v)")
        }
      }
    }
    for record in failed {
      printError("\(file):\(record.line.number): \(record.failure ?? "")")
    }
    if !failed.isEmpty || broken { throw ExitCode(1) }
  }
}

/// Writes a line to standard error.
func printError(_ message: String) {
  var line = message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
