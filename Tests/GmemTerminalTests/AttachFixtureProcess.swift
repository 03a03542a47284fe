import Foundation
import GmemTestSupport

/// A running GmemAttachFixture for the attach end-to-end tests: its pid and fd, and `change(_:)`, which has it
/// allocate, punch or write pages of its first guest_memfd and returns once it has. Released, its standard input
/// is closed (it exits) and it is reaped.
final class AttachFixtureProcess {
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  /// The process, and the fd of its first guest_memfd (64 MiB, MMAP|INIT_SHARED).
  let pid: String
  let fd: String

  /// Starts the fixture next to `program` and waits for its `ready` line.
  init(nextTo program: String) throws {
    let path = URL(fileURLWithPath: program).deletingLastPathComponent().appendingPathComponent("GmemAttachFixture")
    guard FileManager.default.isExecutableFile(atPath: path.path) else {
      throw HarnessError("GmemAttachFixture is not built")
    }
    process.executableURL = path
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // Only the fixture may hold its standard input: a tmux server started later must not inherit the write end,
    // or closing it here would never reach the fixture as EOF.
    for fd in [input.fileHandleForWriting.fileDescriptor, output.fileHandleForReading.fileDescriptor] {
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    let ready = Self.readLine(output.fileHandleForReading.fileDescriptor) ?? ""
    let field = { (name: String) in
      ready.split(separator: " ").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }
    guard let pid = field("pid"), let fd = field("fd") else {
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
      throw HarnessError("GmemAttachFixture did not get ready: \(ready)")
    }
    self.pid = pid
    self.fd = fd
  }

  deinit { stop() }

  /// Sends `line` (`allocate|punch|write FIRST COUNT`, in pages) and waits for it to be done; false if it was not.
  @discardableResult
  func change(_ line: String) -> Bool {
    input.fileHandleForWriting.write(Data((line + "\n").utf8))
    return Self.readLine(output.fileHandleForReading.fileDescriptor) == "ok \(line)"
  }

  /// Closes its standard input, so it exits, and reaps it (SIGKILL after 10 s, should it not exit).
  func stop() {
    try? input.fileHandleForWriting.close()
    let pid = process.processIdentifier
    let exited = TmuxSession.poll(seconds: 10) { !process.isRunning }
    if !exited { kill(pid, SIGKILL) }
    process.waitUntilExit()
  }

  /// A line from `fd` without its newline; nil at EOF or after 10 s without one.
  private static func readLine(_ fd: Int32) -> String? {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&entry, 1, 10_000) == 1, read(fd, &byte, 1) == 1 else { return nil }
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
  }
}
