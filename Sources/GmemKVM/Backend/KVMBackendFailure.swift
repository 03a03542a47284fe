import GmemModel

/// Why a command on the kvm backend did not succeed: the outcome to report and one line of detail.
struct KVMBackendFailure: Error {
  /// The outcome the command reports (an errno, a signal or unsupported).
  var outcome: Outcome
  /// What happened, in one line.
  var detail: String

  init(_ outcome: Outcome, _ detail: String) {
    self.outcome = outcome
    self.detail = detail
  }

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
  static func kernel<Result>(_ body: () throws(KVMError) -> Result) throws(KVMBackendFailure) -> Result {
    do {
      return try body()
    } catch {
      throw KVMBackendFailure(error)
    }
  }
}
