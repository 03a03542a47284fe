import GmemModel
import GmemScript

/// The lines that build the starting state on the kernel (`--backend kvm`): an upstream VM with a guest_memfd of
/// `size` with `flags`, mapped by this process when it can be, bound at 4 GiB (with the memslot's own shared memory
/// when it cannot), and its first 64 MiB allocated (or all of it, if smaller) so the map shows the kernel's own state at once.
struct KernelSetup {
  var size: String
  var flags: String
  var vm: VMType

  /// How much of the file the setup allocates at most: enough to see, quick to do.
  static let allocated: UInt64 = 64 << 20

  /// The setup's lines, or the first parse error (a bad `--size` or `--flags`).
  func lines() throws(ScriptError) -> [ScriptLine] {
    let gmem = "gmem \(size)" + (flags.isEmpty ? "" : " flags=\(flags)")
    var text = ["profile upstream", "vm \(vm.rawValue)", gmem]
    let created = try Parser.parse(text.joined(separator: "\n"), file: "<setup>")
    guard case .command(.gmem(let spec)) = created.last?.statement else { return created }
    let mappable = spec.flagNames.contains(.mmap) || (spec.rawFlags ?? 0) & GmemFlags.upstreamMMAP != 0
    if mappable { text.append("mmap") }
    text.append("bind")
    text.append("allocate 0+\(hex(min(spec.size, Self.allocated)))")
    return try Parser.parse(text.joined(separator: "\n"), file: "<setup>")
  }
}
