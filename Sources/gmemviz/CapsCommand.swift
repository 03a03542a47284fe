import ArgumentParser
import GmemKVM

#if canImport(Glibc)
  import Glibc
#endif

/// `gmemviz caps`: what the running kernel's KVM supports for guest_memfd.
struct CapsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "caps",
    abstract: "Print the KVM capabilities that matter to guest_memfd on the running kernel.",
    discussion: """
      Each capability is checked with KVM_CHECK_EXTENSION on /dev/kvm and on a fresh VM of each type that \
      KVM_CAP_VM_TYPES lists (guest_memfd and memory attributes can exist only on some types). The in-place and \
      RFC capabilities are probed at configured numbers (their numbers moved between postings).
      Exit status: 0 on success, 1 when KVM cannot be opened.
      """
  )

  @Flag(help: "Print one JSON object per capability instead of text.")
  var json = false

  @Option(help: "The KVM device.")
  var device: String = "/dev/kvm"

  @Option(
    name: .customLong("cap"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "Probe a configurable capability at another number, e.g. KVM_CAP_MEMORY_ATTRIBUTES2=245 (repeatable).",
      valueName: "NAME=NUMBER"), transform: OptionValue.capabilityNumber)
  var capNumbers: [CapabilityNumber] = []

  /// The configurable capabilities, at the numbers `--cap` gives.
  private var configured: Result<[KVMCapabilityDefinition], UnknownCapabilityName> {
    KVMCapabilityDefinition.configuration(
      numbers: Dictionary(capNumbers.map { ($0.name, $0.number) }, uniquingKeysWith: { $1 }))
  }

  func validate() throws {
    if case .failure(let error) = configured,
      let item = capNumbers.first(where: { $0.name == error.name })
    {
      throw ValidationError("--cap \(item.name)=\(item.number): \(error)")
    }
  }

  func run() throws {
    let configured = (try? self.configured.get()) ?? []
    let report: CapabilityReport
    do {
      report = try CapabilityProbe(
        devicePath: device, definitions: KVMCapabilityDefinition.upstreamCapabilities + configured
      ).probe()
    } catch {
      var line = "gmemviz caps: \(error)"
      if error.kvmIsAbsent { line += " (KVM is not available here; the model backend still works)" }
      line += "\n"
      line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
      throw ExitCode(1)
    }
    if json {
      for capability in report.capabilities {
        try StandardOutput.line(CapsOutput.json(capability, types: report.probedVMTypes))
      }
      return
    }
    for line in CapsOutput.text(report) { try StandardOutput.line(line) }
  }
}
