import ArgumentParser
import GmemModel
import GmemView

// The options whose values come from a fixed set: `--help` lists the set, and the parser refuses anything else
// (`gmemviz: error: --theme neon: expected dark, light, mono or presentation`).

extension Profile: ExpressibleByArgument {}
extension VMType: ExpressibleByArgument {}
extension Theme: ExpressibleByArgument {}
extension Backing: ExpressibleByArgument {}

/// Where commands run (`--backend`).
enum BackendName: String, CaseIterable, ExpressibleByArgument {
  /// The in-process model of the kernel designs.
  case model
  /// The running kernel, through /dev/kvm.
  case kvm
}
