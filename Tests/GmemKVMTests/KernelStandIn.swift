import GmemModel
import GmemTestSupport

/// A model that presents itself as state read back from a kernel (`isReadFromKernel`), so that what a kernel
/// cannot observe is left unchecked on it, as on the kvm backend; for tests that run without /dev/kvm.
/// `refuses` answers `unsupported` for the commands it names, as the kvm backend does for what its kernel lacks.
final class KernelStandIn: Backend {
  let model: GuestMemfdModel
  let refuses: (Command) -> String?

  init(settings: ModelSettings = ModelSettings(), refuses: @escaping (Command) -> String? = { _ in nil }) {
    model = GuestMemfdModel(settings: settings)
    view = KernelReadView(model: model)
    self.refuses = refuses
  }

  var name: String { "kvm" }
  let view: any StateView
  func apply(_ command: Command) -> OperationResult {
    if let reason = refuses(command) { return OperationResult(outcome: .unsupported(reason)) }
    return model.apply(command)
  }
}
