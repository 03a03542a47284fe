import ArgumentParser
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
      """
  )

  @Option(help: "The kernel design: rfc1, rfc2, inplace or upstream.")
  var profile: String = "rfc1"

  @Option(help: "The VM type: default, sw-protected, sev, sev-es, snp or tdx.")
  var vm: String = "sw-protected"

  @Option(help: "The guest_memfd size, e.g. 8G, 512M, 1T.")
  var size: String = "8G"

  @Option(help: "The backing page size: 4K, 2M or 1G (default: the profile's).")
  var hugetlb: String?

  @Option(help: "Creation flags, as in the language: mmap,init-shared | support-shared,init-private | 0x3.")
  var flags: String?

  @Option(help: "Run this scenario first (instead of the default setup), then explore from its final state.")
  var script: String?

  @Option(help: "Colours: dark, light, mono or presentation.")
  var theme: String = "dark"

  @Flag(help: "Draw with ASCII only (also chosen for LANG=C).")
  var ascii = false

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  @Flag(inversion: .prefixedNo, help: "Model HugeTLB Vmemmap Optimization.")
  var hvo = true

  func run() throws {
    guard let theme = Theme(rawValue: theme) else {
      throw ValidationError("--theme \(theme): expected dark, light, mono or presentation")
    }
    let model = GuestMemfdModel(settings: ModelSettings(hvo: hvo))
    let session = Session(model: model)
    let lines: [ScriptLine]
    if let script {
      switch ScriptSource.read(path: script) {
      case .success(let bytes):
        do { lines = try Parser.parse(bytes, file: script) } catch {
          printError("\(error)")
          throw ExitCode(2)
        }
      case .failure(let e):
        printError("gmemviz: \(e)")
        throw ExitCode(2)
      }
    } else {
      guard let p = Profile(rawValue: profile) else {
        throw ValidationError("--profile \(profile): expected rfc1, rfc2, inplace or upstream")
      }
      guard let v = VMType(rawValue: vm) else {
        throw ValidationError("--vm \(vm): expected default, sw-protected, sev, sev-es, snp or tdx")
      }
      let setup = SessionSetup(profile: p, vm: v, size: size, hugetlb: hugetlb, flags: flags)
      do { lines = try setup.lines() } catch {
        printError("gmemviz: --size/--hugetlb/--flags: \(error.message)")
        throw ExitCode(2)
      }
    }
    let runner = ScriptRunner(backend: model)
    var captions: String?
    for line in lines {
      let record = runner.execute(line)
      switch line.statement {
      case .command(let c):
        let result = record.result ?? OperationResult(outcome: .ok)
        session.record(c, text: line.source, result: result)
        if script == nil && !result.outcome.succeeded {
          printError("gmemviz: setup `\(line.source)` failed: \(result.outcome.text) (\(result.detail ?? ""))")
          throw ExitCode(2)
        }
      case .expect:
        if let failure = record.failure {
          session.note(
            LogEntry(
              sequence: model.sequence, command: line.source, outcome: "FAILED", meaning: nil, detail: failure,
              succeeded: false, events: []))
        }
      case .say(let text):
        captions = text
      case .pause, .step:
        break
      }
    }
    let ascii = ascii
    let mouse = !noMouse
    try MainActor.assumeIsolated {
      var app = try TUIApp(session: session, theme: theme, ascii: ascii, mouse: mouse)
      app.state.caption = captions
      try app.run()
    }
  }
}
