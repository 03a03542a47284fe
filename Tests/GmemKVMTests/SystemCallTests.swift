import Foundation
import GmemModel
import Testing

@testable import GmemKVM

/// Issue 11 item A: every system call of GmemKVM goes through `syscall`, which returns the result or throws the
/// `KVMError` its name gives the errno, and retries EINTR only where asked.
struct SystemCallTests {
  @Test func aNegatedErrnoThrowsTheNamedError() {
    #expect(throws: KVMError.ioctlFailed(request: "KVM_RUN", errno: EFAULT)) {
      try syscall(.ioctl("KVM_RUN")) { -Int(EFAULT) }
    }
    #expect(throws: KVMError.cannotOpen(path: "/dev/kvm", errno: EACCES)) {
      try syscall(.open("/dev/kvm")) { -Int32(EACCES) }
    }
    #expect(throws: KVMError.callFailed(call: "cachestat", errno: ENOSYS)) {
      try syscall(.call("cachestat")) { -Int32(ENOSYS) }
    }
  }

  @Test func aResultIsReturned() throws {
    #expect(try syscall(.call("read")) { 42 } == 42)
    #expect(try syscall(.call("read")) { 0 } == 0)
  }

  @Test func eintrIsTheOutcomeUnlessRetryingIsAsked() throws {
    var calls = 0
    let interrupted = { () -> Int32 in
      calls += 1
      return -EINTR
    }
    let outcome = Result { () throws(KVMError) in try syscall(.call("fallocate(KEEP_SIZE)"), interrupted) }
    #expect(outcome == .failure(.callFailed(call: "fallocate(KEEP_SIZE)", errno: EINTR)))
    #expect(calls == 1)
    calls = 0
    let result = try syscall(.ioctl("KVM_RUN"), retryingInterrupts: true) { () -> Int in
      calls += 1
      return calls < 3 ? -Int(EINTR) : 7
    }
    #expect(result == 7 && calls == 3)
  }

  @Test func aCLibraryFailureIsItsErrno() {
    let path = "/nonexistent/gmemviz-\(UUID().uuidString)"
    #expect(throws: KVMError.callFailed(call: "open \(path)", errno: ENOENT)) { try openReadOnly(path) }
    #expect(throws: KVMError.callFailed(call: "madvise", errno: EINVAL)) {
      // An unaligned address: madvise(2) returns -1 with errno EINVAL.
      try syscall(.call("madvise")) { negatedErrno(madvise(UnsafeMutableRawPointer(bitPattern: 1), 4096, 0)) }
    }
  }

  @Test func aFailedCallOfTheBackendNamesTheCall() {
    let failure = OperationFailure(.cannotOpen(path: "/nonexistent/kvm", errno: ENOENT))
    #expect(failure.outcome == .errno(.ENOENT, at: nil))
    #expect(failure.detail == "open /nonexistent/kvm: No such file or directory")
    let unnamed = OperationFailure(.callFailed(call: "io_uring_setup", errno: 4095))
    #expect(unnamed.outcome == .unsupported("io_uring_setup failed with errno 4095, which the language cannot name"))
  }
}
