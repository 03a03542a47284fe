import GmemModel
import GmemScript
import GmemView

/// A session written as a `.gmem` script (`:save`): a header comment, the lines that opened the session, then
/// every operation in effect, in order, each followed by an `expect` of the outcome it had. It uses only the
/// language of SCENARIO.md, so `gmemviz run` replays it (and passes where the backend behaves the same) and
/// `gmemviz play` and `--script` accept it.
struct SessionScript {
  /// Who saved the session, when and where: the header comment's lines, without their `# `.
  var header: [String]
  /// The lines that opened the session, in order.
  var opening: SessionOpening
  /// The log's entries after the opening, up to the timeline's position (undone operations are not in it).
  var entries: Slice<OperationLog>

  /// The script's text, ending with a newline.
  var text: String {
    var lines = header.map { "# " + $0 }
    lines.append("")
    lines.append("# How the session was opened: \(opening.origin ?? "the default setup, as the options made it")")
    for line in opening.lines {
      if let failure = line.failure {
        lines.append("# \(line.source)  # failed when the session was opened: \(oneLine(failure))")
      } else if let stopped = line.stopped {
        lines.append(
          "# \(line.source)  # stopped with Esc when the session was opened, not replayed: \(oneLine(stopped))")
      } else {
        lines.append(line.source)
      }
    }
    lines.append("")
    lines.append("# The operations in effect, in order, each with the outcome it had")
    for (index, entry) in zip(entries.indices, entries) {
      let next = index + 1 < entries.endIndex ? entries[index + 1] : nil
      lines += Self.lines(of: entry, checkedBy: next)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the script to `path` through a temporary file renamed over it (`OutputFile`): on a failure, `path`
  /// is as it was.
  func write(to path: String) throws(WriteError) {
    let file = try OutputFile(path: path)
    file.write(text)
    try file.commit()
  }

  /// The number of operations the script replays.
  var operationCount: Int { entries.filter { $0.operationOutcome != nil }.count }

  /// An entry of the log as script lines: an operation and its `expect` (unless `next`, the entry after it, is an
  /// expectation of its outcome that held: a played script's or one typed after it), an expectation that held,
  /// or a comment for what is not in effect (an expectation that failed, an operation stopped and rolled back) or
  /// cannot be replayed (an operation stopped partway on the kernel).
  static func lines(of entry: LogEntry, checkedBy next: LogEntry? = nil) -> [String] {
    if let outcome = entry.operationOutcome {
      if let next, next.succeeded, Self.checksOutcome(next.command) { return [entry.command] }
      return [entry.command] + expectation(of: outcome)
    }
    if entry.command.hasPrefix("expect") {
      guard entry.succeeded else {
        return ["# \(entry.command)  # FAILED here: \(oneLine(entry.detail ?? entry.outcome))"]
      }
      return [entry.command]
    }
    // Stopped partway on the kernel, its work up to the stop stays: a replay lacks it (the detail says how much).
    let note = entry.stoppedPartway ? "stopped with Esc: not replayed" : "not in effect"
    return ["# \(entry.command) → \(entry.outcome): \(oneLine(entry.detail ?? "")) (\(note))"]
  }

  /// True when `text` is an `expect` of the previous operation's outcome (`ok`, an errno, a signal, an exit, a
  /// value), rather than of the state.
  static func checksOutcome(_ text: String) -> Bool {
    guard let parsed = try? Parser.parseLine(text), case .expect(let expectation) = parsed else { return false }
    switch expectation {
    case .ok, .errno, .signal, .exit, .value: return true
    case .page, .folio, .count: return false
    }
  }

  /// The `expect` line that holds for `outcome` (with a comment for what it cannot say), or a comment alone when
  /// the language has no `expect` for it: an operation the backend could not do.
  static func expectation(of outcome: Outcome) -> [String] {
    switch outcome {
    case .ok:
      return [Statement.expect(.ok).text]
    case .errno(let errno, let at):
      return [Statement.expect(.errno(errno, at: at)).text]
    case .signal(let signal, let at):
      return [Statement.expect(.signal(signal, at: at)).text]
    case .value(let bytes):
      let seen = bytes.elements
      if seen.count == 1 { return [Statement.expect(.value(seen[0])).text] }
      return [Statement.expect(.ok).text, "# the read saw \(seen.isEmpty ? "no bytes" : bytes.text)"]
    case .exit(let exit):
      return [Statement.expect(.exit(exit.reason, at: exit.offset)).text]
    case .unsupported(let reason):
      return ["# unsupported here: \(oneLine(reason))"]
    }
  }
}

/// The lines that opened a session (the default setup, a `--script`, or a file `play` played to its end), each with
/// how its expectation failed or its operation was stopped, if it was; and how many log entries they left, after
/// which the session's own operations start.
struct SessionOpening {
  /// One line as it was written, the failure of an `expect` line that did not hold, and what an operation stopped
  /// partway with Esc on the kernel left done (its detail).
  struct Line: Equatable {
    var source: String
    var failure: String?
    var stopped: String?
  }
  /// The lines, in order.
  var lines: [Line] = []
  /// Where they came from: `--script FILE`, `gmemviz play FILE`, or nil for the default setup.
  var origin: String?
  /// The length of the session's log after them.
  var logCount = 0
}

/// `text` on one line: line breaks become spaces, so a comment cannot end early.
private func oneLine(_ text: String) -> String {
  String(text.map { $0.isNewline ? " " : $0 })
}
