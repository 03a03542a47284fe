import GmemModel
import GmemScript
import GmemView

#if canImport(Glibc)
  import Glibc
#endif

// `:save FILE` (the `S` key starts it) writes the session as a script; `:save! FILE` replaces a file without
// asking; `:source FILE` runs a script's lines into the session. A file that cannot be read or written is one
// line in the status bar, and the session is unchanged.
extension TUIApp {
  /// Runs a `save` or `source` line of the prompt, written `text`.
  mutating func run(_ command: SessionFileCommand, text: String) {
    switch command {
    case .save(let path, let overwrite):
      if let reason = session.readOnlyReason {
        state.update(.status("save: nothing to replay: \(reason)"))
      } else if !overwrite && Self.isRegularFile(path) {
        overwriteQuestion = path
        let column = max(1, text.count - text.reversed().prefix { $0 == " " || $0 == "\t" }.count - path.count + 1)
        let question = PromptError(column: column, message: "exists: overwrite it? y/n")
        state.update(.prompt(CommandPrompt(text: text, error: question)))
      } else {
        save(to: path)
      }
    case .source(let path):
      source(path)
    }
  }

  /// The answer to "overwrite it? y/n": `y` writes the file, any other key leaves it as it was.
  mutating func answerOverwrite(_ key: Key) -> Reaction {
    guard let path = overwriteQuestion else { return .nothing }
    overwriteQuestion = nil
    state.update(.prompt(nil))
    if key == .character("y") || key == .character("Y") {
      save(to: path)
    } else {
      state.update(.status("save: cancelled, \(path) unchanged"))
    }
    return .redraw
  }

  /// The session as a script, saved now.
  func sessionScript() -> SessionScript {
    let log = session.log
    return SessionScript(header: savedHeader(), opening: opening, entries: log[min(opening.logCount, log.count)...])
  }

  /// Writes the session to `path` through a temporary file renamed over it: a failure leaves `path` as it was.
  private mutating func save(to path: String) {
    let script = sessionScript()
    do throws(WriteError) {
      try script.write(to: path)
      let count = script.operationCount
      state.update(
        .status("saved \(count) operation\(count == 1 ? "" : "s") to \(path) · gmemviz run \(path) replays them"))
    } catch {
      state.update(.status("save: \(path): \(String(cString: strerror(error.errno)))"))
    }
  }

  /// The header comment: when, by which gmemviz, on which backend, and how to replay it.
  private func savedHeader() -> [String] {
    var backend = "the \(state.backendName) backend"
    var option = ""
    if session.model == nil {
      var u = utsname()
      uname(&u)
      let release = withUnsafeBytes(of: &u.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
      backend += " (Linux \(release))"
      option = " --backend kvm"
    }
    return [
      "A gmemviz session, saved \(Self.utcNow()) by gmemviz \(GmemvizVersion.text) on \(backend).",
      "Replay it with `gmemviz run\(option) FILE`; explore from its end with `gmemviz\(option) --script FILE`.",
    ]
  }

  /// Runs the lines of the script at `path` into the session, each operation an undo step of its own; a line that
  /// does not parse or an expectation that fails stops it there (the lines before it stay), as does Esc.
  private mutating func source(_ path: String) {
    if let reason = session.readOnlyReason ?? scrubbingRefusal {
      state.update(.status("source: \(reason)"))
      return
    }
    var st = stat()
    if path == "-" || (stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO) {
      // Waiting for a writer would freeze the map.
      state.update(.status("source: cannot read \(path): not a regular file (standard input or a FIFO)"))
      return
    }
    let stream: ScriptStream
    switch ScriptStream.open(path: path) {
    case .success(let opened): stream = opened
    case .failure(let error):
      state.update(.status("source: \(error)"))
      return
    }
    var ran = 0
    var last: (Command, StepRecord)?
    var stop: (any Error)?
    do {
      while stop == nil, pendingQuit == nil, let (number, bytes) = try stream.nextLine() {
        guard let line = try Parser.line(bytes, number: number, file: path) else { continue }
        let record = run(line)
        switch line.statement {
        case .command(let command):
          last = (command, record)
          if case .errno(.EINTR, _) = record.result?.outcome {
            stop = ScriptError(file: path, line: number, column: 1, message: "stopped by Esc")
          }
        case .say(let caption): state.update(.caption(caption.isEmpty ? nil : caption))
        case .expect, .pause, .step: break
        }
        if let failure = record.failure { stop = ScriptError(file: path, line: number, column: 1, message: failure) }
        if stop == nil { ran += 1 }
      }
    } catch {
      stop = error
    }
    if let (command, record) = last { show(command, record) }
    let lines = "\(ran) line\(ran == 1 ? "" : "s")"
    guard let stop else {
      state.update(.status("source: \(lines) of \(path) ran"))
      refreshDerived()
      return
    }
    // The status bar has room for the start of it; the log keeps it whole.
    let line = (stop as? ScriptError).map { "stopped at line \($0.line)" } ?? "stopped"
    session.note(
      LogEntry(
        sequence: session.sequence, command: "source \(path)", outcome: line, detail: "\(stop)", succeeded: false))
    let undo = session.historyUnavailableReason == nil && ran > 0 ? " (u undoes them)" : ""
    state.update(.status("source: \(stop) · \(lines) before it ran\(undo)"))
    refreshDerived()
  }

  /// True when `path` names a regular file (following a symbolic link), which `save` asks before replacing.
  private static func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  /// The time now in UTC: `2026-12-02 08:30:12 UTC`.
  private static func utcNow() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    let n = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
    return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
