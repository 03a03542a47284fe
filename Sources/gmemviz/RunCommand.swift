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
      With --backend kvm, an expectation about what the kernel does not let a process read back (SPTEs, \
      faultability, the HugeTLB pools) is "not observable here": it neither holds nor fails, and the words it \
      names are left unchecked. A last line counts the commands, those the kernel answered unsupported, and the \
      expectations checked, failed and not observable.
      Exit status: 0 when every expectation holds (on the kvm backend: every one that can be observed), 1 when one \
      fails, 2 when the file cannot be read or parsed or the output cannot be written, 128 + N when signal N \
      (SIGINT, SIGTERM, SIGHUP) ended the run after the command under way, 141 (quietly) when the reader of \
      standard output went away.
      """
  )

  @Argument(help: "The scenario file (*.gmem).")
  var file: String

  @Option(parsing: .unconditional, help: "Where commands run: the in-process model or the running kernel.")
  var backend: BackendName = .model

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
    var lines = try ScriptFile.lines(file)
    let model: GuestMemfdModel?
    let chosen: any Backend
    let progress = StderrProgress()
    let signals = TerminationSignals()
    let out = BufferedOutput()
    switch backend {
    case .model:
      let m = GuestMemfdModel(settings: ModelSettings(hvo: hvo, vmemmapRestoreFails: failVmemmapRestore))
      // A long operation shows the lines before it while it runs; a reader that went away stops it there.
      m.onProgress = { _ in
        out.flush()
        return out.failure == nil
      }
      model = m
      chosen = m
    case .kvm:
      if let problem = KVMBackend.deviceProblem() {
        printError("gmemviz: --backend kvm: \(problem)")
        throw ExitCode(2)
      }
      model = nil
      let kernel = KVMBackend()
      kernel.onProgress = {
        out.flush()
        return out.failure == nil && progress.report($0) && signals.keepGoing()
      }
      chosen = kernel
    }
    let runner = ScriptRunner(backend: chosen)
    var broken = false
    var lastLine: Int?
    var failed: [StepRecord] = []
    var summary = RunSummary()
    var stopped: (any Error)?
    // The options once, not through their property wrappers on every line.
    let (json, verbose, checkInvariants) = (json, verbose, checkInvariants)
    while signals.poll() == nil, out.failure == nil {
      let line: ScriptLine
      do {
        guard let next = try lines.next() else { break }
        line = next
      } catch {
        stopped = error
        break
      }
      let record = runner.execute(line)
      // Output that failed (a reader that went away) during a long operation stopped it partway: the run ends.
      if out.failure != nil { break }
      if !record.passed { failed.append(record) }
      summary.add(record)
      progress.finish()
      lastLine = record.line.number
      if json {
        if let line = RunOutput.json(record) { out.line(line) }
      } else {
        out.add { _ = RunOutput.appendText(record, to: &$0) }
        if verbose { for line in RunOutput.eventLines(record) { out.line(line) } }
      }
      if checkInvariants, let model, record.result != nil {
        let violations = InvariantChecker.check(model)
        // Standard output first, so the report follows the line it is about.
        if !violations.isEmpty { out.flush() }
        for v in violations {
          broken = true
          printError("\(file):\(record.line.number): invariant broken: \(v)")
        }
      }
    }
    // The counts of a run that went to its end (an interrupted or stopped one says so on standard error instead).
    if stopped == nil && signals.received == nil && backend == .kvm {
      out.line(json ? summary.json(file: file) : summary.text(file: file))
    }
    out.flush()
    if let failure = out.failure { throw failure }
    for record in failed {
      printError("\(file):\(record.line.number): \(record.failure ?? "")")
    }
    if let stopped {
      printError(stopped is ReadError ? "gmemviz: \(stopped)" : "\(stopped)")
      throw ExitCode(2)
    }
    if let signal = signals.received {
      printError(Self.interrupted(file, by: signal, after: lastLine))
      throw ExitCode(signals.exitStatus)
    }
    if !failed.isEmpty || broken { throw ExitCode(1) }
  }
}

extension RunCommand {
  /// The last line of a run that a signal ended: `FILE: interrupted by SIGTERM after line 12; the rest did not run`.
  static func interrupted(_ file: String, by signal: Int32, after line: Int?) -> String {
    "\(file): interrupted by \(TerminationSignals.name(signal)) "
      + (line.map { "after line \($0)" } ?? "before the first line") + "; the rest did not run"
  }
}

/// Writes a line to standard error.
func printError(_ message: String) {
  var line = message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
