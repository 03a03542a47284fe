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

  /// The failure for errno `code` returned by `call`; an errno the language cannot name is reported as unsupported.
  static func kernel(_ call: String, _ code: Int32) -> KVMBackendFailure {
    let text = "\(call): \(KVMError.message(code))"
    if let errno = Errno(number: code) { return KVMBackendFailure(.errno(errno, at: nil), text) }
    return KVMBackendFailure(.unsupported("\(call) failed with errno \(code), which the language cannot name"), text)
  }
}
