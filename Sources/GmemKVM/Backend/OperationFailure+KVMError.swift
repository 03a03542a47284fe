import GmemModel

// The kvm backend's one wrapper rule: a failed system call (`KVMError`, from `syscall`) becomes the command's
// `OperationFailure` here and nowhere else.
extension OperationFailure {
  /// The failed system call `error` as the command's outcome: its errno, with `CALL: strerror` as the detail (an
  /// open names itself `open PATH`). An errno the language cannot name is reported as unsupported.
  init(_ error: KVMError) {
    let text = "\(error.call): \(KVMError.message(error.errno))"
    if let errno = Errno(number: error.errno) {
      self.init(.errno(errno, at: nil), text)
    } else {
      self.init(.unsupported("\(error.call) failed with errno \(error.errno), which the language cannot name"), text)
    }
  }

  /// Runs `body`, a step of a command made of system calls, turning its `KVMError` into the command's failure.
  static func kernel<Result>(_ body: () throws(KVMError) -> Result) throws(OperationFailure) -> Result {
    do {
      return try body()
    } catch {
      throw OperationFailure(error)
    }
  }
}
