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

      The live view keeps a history of what changed between scans: for each scan that changed something, its \
      time and the runs of pages whose state changed, old → new (nothing for a scan that changed nothing). It \
      holds at most --history bytes (default 16M, some 700,000 changed runs: about 24 bytes a run and 50 a \
      scan); past that the oldest scans are dropped. [ steps back through the scans and ] forward, the map \
      showing the state at that scan and the header its time (history 3/17 12:04:05.120); ] past the newest, or \
      }, goes back to LIVE.

      --log prints, for each scan that changed something, one line per run of pages that changed, \
      HH:MM:SS.mmm OFFSET+LENGTH OLD... → NEW... in the words of --list (e.g. 12:04:05.120 0x10000+0x2000 hole \
      unmapped → allocated unmapped), until Ctrl-C (exit 130) or until the process exits (exit 0, said on \
      standard error).

      --record FILE.cast writes the live view as an asciicast v2 recording, as gmemviz play --record does.

      Exit status: 0 on success; 2 when the process cannot be attached (no such process, not permitted, no \
      guest_memfd, --fd is not a guest_memfd) or the log or recording cannot be written, with one line on \
      standard error; 128 + the signal's number when --log is ended by one.
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

  @Flag(help: "Print each scan's changes as HH:MM:SS.mmm OFFSET+LENGTH OLD... → NEW... lines until Ctrl-C.")
  var log = false

  @Option(help: "Write an asciicast v2 recording of the live view to this file.")
  var record: String?

  @Option(
    parsing: .unconditional,
    help: "The most memory the history of changes between scans keeps, e.g. 16M or 512K (default 16M; 0: none).",
    transform: OptionValue.memoryBudget)
  var history: Int = ScanHistory.defaultByteLimit

  @OptionGroup var display: DisplayOptions

  @Flag(help: "Do not capture the mouse.")
  var noMouse = false

  func validate() throws {
    if list && log { throw ValidationError("--list and --log: choose one (--list prints the runs once)") }
    if record != nil && (list || log) {
      throw ValidationError("--record records the live view; it does not go with --\(list ? "list" : "log")")
    }
  }

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
    if log {
      let status = AttachLog(view: view, interval: interval).run()
      if status != 0 { throw ExitCode(status) }
      return
    }
    let options = AttachedTUIOptions(
      theme: display.theme, ascii: display.ascii, mouse: !noMouse, interval: interval, historyBytes: history,
      record: record)
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
