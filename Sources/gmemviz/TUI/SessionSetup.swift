import GmemModel
import GmemScript

/// The lines that build the starting state of the map: by default an rfc1 sw-protected VM with an 8 GiB
/// guest_memfd of 1 GiB HugeTLB pages, bound, allocated and converted to private, so every folio starts
/// whole and the first `share` splits one.
struct SessionSetup {
  var profile: Profile = .rfc1
  var vm: VMType = .swProtected
  var size = "8G"
  var hugetlb: String?
  var flags: String?

  /// The setup as script text, one command per line.
  var script: String {
    var lines = ["profile \(profile.rawValue)", "vm \(vm.rawValue)"]
    var gmem = "gmem \(size)"
    if let hugetlb { gmem += " hugetlb=\(hugetlb)" }
    let defaultFlags: String? =
      switch profile {
      case .rfc1: nil
      case .rfc2: "support-shared,init-private"
      case .inplace, .upstream: "mmap"
      }
    if let f = flags ?? defaultFlags, !f.isEmpty { gmem += " flags=\(f)" }
    lines.append(gmem)
    lines.append("bind")
    lines.append("allocate 0+\(size)")
    if vm.hasPrivateMemory { lines.append("private 0+\(size)") }
    return lines.joined(separator: "\n")
  }

  /// The setup's lines, or the first parse error (a bad `--size`, `--hugetlb` or `--flags`).
  func lines() throws(ScriptError) -> [ScriptLine] {
    try Parser.parse(script, file: "<setup>")
  }
}
