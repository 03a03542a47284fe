import GmemKVM

/// A state read back from the kernel, which the TUI rescans at an interval (10 Hz by default) as well as after each
/// operation, so changes made by the kernel or by another process show up on their own.
protocol LiveSource: AnyObject {
  /// Reads the whole state again.
  func rescan()
}

extension KVMBackend: LiveSource {}
