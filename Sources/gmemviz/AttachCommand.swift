import ArgumentParser
import GmemKVM
import GmemModel
import GmemView

/// `gmemviz attach PID`: another process's guest_memfd, read-only and live.
struct AttachCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "attach",
    abstract: "Show another process's guest_memfd (a running VMM's), read-only and live.",
    discussion: """
      Finds the process's guest_memfds (/proc/PID/fd links to anon_inode:[kvm-gmem]), copies one with \
      pidfd_getfd and reads its pages without faulting or changing anything: allocated from cachestat, uptodate \
      from mincore, mapped from /proc/PID/pagemap where the process maps the file. Without --fd the live view \
      shows the lowest guest_memfd.

      --list prints one line per run of pages with the same state, OFFSET+LENGTH WORD... (e.g. \
      0x0+0x4000 allocated mapped uptodate), and exits; without --fd it lists every guest_memfd, each block headed \
      by "fd N: SIZE".

      Exit status: 0 on success; 2 when the process cannot be attached (no such process, not permitted, no \
      guest_memfd, --fd is not a guest_memfd), with one line on standard error.
      """
  )

  @Argument(help: "The process that holds the guest_memfd.", transform: OptionValue.integer(in: 1...Int32.max))
  var pid: Int32

  @Option(
    parsing: .unconditional,
    help: "The guest_memfd's fd number in that process (default: the lowest; with --list, every one).",
    transform: OptionValue.integer(in: 0...Int32.max))
  var fd: Int32?

  @Flag(help: "Print the page state as runs of OFFSET+LENGTH WORD... and exit, instead of the live view.")
  var list = false

  @Option(
    parsing: .unconditional, help: "Live rescan interval in milliseconds, 10 to 60000 (default 100: 10 Hz).",
    transform: OptionValue.integer(in: 10...60_000))
  var interval: UInt64 = 100

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  func run() throws {
    if list {
      let lines: [String]
      do throws(AttachError) { lines = try listing(GuestMemfdDiscovery(pid: pid)) } catch {
        printError("gmemviz attach: \(error)")
        throw ExitCode(2)
      }
      for line in lines { try StandardOutput.line(line) }
      return
    }
    let view: AttachedGuestMemfd
    let title: String
    do throws(AttachError) {
      let discovery = try GuestMemfdDiscovery(pid: pid)
      if let fd {
        view = try AttachedGuestMemfd(discovery: discovery, target: discovery.guestMemfd(fd: fd))
        title = "pid \(pid) fd \(fd)"
      } else {
        let all = try discovery.guestMemfds()
        view = try AttachedGuestMemfd(discovery: discovery, target: all[0])
        title =
          all.count == 1
          ? "pid \(pid) fd \(all[0].fd)"
          : "pid \(pid) fd \(all[0].fd), the lowest of \(all.count) guest_memfds (fds "
            + all.map { String($0.fd) }.joined(separator: ", ") + "; --fd picks another)"
      }
    } catch {
      printError("gmemviz attach: \(error)")
      throw ExitCode(2)
    }
    let options = AttachedTUIOptions(
      theme: display.theme, ascii: display.ascii, mouse: !noMouse, interval: interval)
    try runAttachedTUI(view: view, title: title, options: options)
  }

  /// The `--list` lines: the runs of `--fd`'s guest_memfd, or of every one under an `fd N: SIZE` header. Every
  /// copy is released before the next is made.
  private func listing(_ discovery: GuestMemfdDiscovery) throws(AttachError) -> [String] {
    if let fd {
      return try AttachedGuestMemfd(discovery: discovery, target: discovery.guestMemfd(fd: fd)).runLines()
    }
    var lines: [String] = []
    for gmem in try discovery.guestMemfds() {
      let view = try AttachedGuestMemfd(discovery: discovery, target: gmem)
      lines.append("fd \(gmem.fd): \(hex(view.fileSize))")
      lines += view.runLines()
    }
    return lines
  }
}
