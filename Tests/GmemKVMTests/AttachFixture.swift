import Foundation
import GmemKVM
import GmemTestSupport

/// A running GmemAttachFixture (Sources/GmemAttachFixture): a process that holds two guest_memfds with a known
/// pattern and waits for EOF on its standard input. Released, it is killed and reaped.
final class AttachFixture {
  /// The fixture executable, built next to the tests (the test target depends on it).
  static let path = BuiltProgram.path("GmemAttachFixture")

  /// The flags of its first guest_memfd: MMAP|INIT_SHARED where a VM of the probed type (KVMFixture.guestMemfdVM)
  /// takes both, as on 6.18; else 0, and the fixture maps nothing (the lab's 6.12).
  static let flags: UInt64 = {
    let both = GuestMemfdFlag.mmap.bit | GuestMemfdFlag.initShared.bit
    return (KVMFixture.guestMemfdVM?.flags ?? 0) & both == both ? both : 0
  }()

  /// The process.
  let child: ChildProcess
  /// Its pid, and the fds of its first guest_memfd (`flags`) and of its second one (flags 0, 2 MiB).
  let pid: Int32
  let fd: Int32
  let secondFD: Int32

  /// Starts the fixture with a VM of the probed type and a first guest_memfd of `sizeMiB` MiB, and waits for its
  /// `ready` line; nil when it cannot be started or does not get ready (then it is killed).
  init?(sizeMiB: Int = 64) {
    guard let path = Self.path, let type = KVMFixture.guestMemfdVM?.type,
      let child = ChildProcess(path, [String(sizeMiB), type.rawValue, String(Self.flags)])
    else { return nil }
    // ready pid=P fd=N second=M
    let fields = (child.readLine() ?? "").split(separator: " ").map { $0.split(separator: "=") }
    guard fields.count == 4, fields[0] == ["ready"], let pid = Int32(fields[1][1]), pid == child.pid,
      let fd = Int32(fields[2][1]), let secondFD = Int32(fields[3][1])
    else { return nil }
    self.child = child
    self.pid = pid
    self.fd = fd
    self.secondFD = secondFD
  }

  /// Has it change its first guest_memfd (`allocate|punch|write FIRST COUNT`, in pages) and waits until it has;
  /// false if it did not.
  func change(_ line: String) -> Bool {
    child.send(line)
    return child.readLine() == "ok \(line)"
  }

  /// Closes its standard input and reaps it: its exit status (0 when it closed everything and exited).
  func stop() -> Int32 { child.finish().status }
}
