import GmemModel

/// One line of the event log: an operation, its result, and what the kernel did.
public struct LogEntry: Equatable, Sendable {
  /// The operation's sequence number (`#12`).
  public var sequence: Int
  /// The command as the language writes it (`share 0x1000+0x1000`).
  public var command: String
  /// The outcome as `gmemviz run` prints it (`ok`, `EINVAL at 0x1000`, `SIGBUS at 0x0`).
  public var outcome: String
  /// What an errno means (`invalid argument`), when the outcome is one.
  public var meaning: String?
  /// Why it failed, or a note, in one line.
  public var detail: String?
  /// True when it succeeded.
  public var succeeded: Bool
  /// The kernel's events, one line each.
  public var events: [String]
  /// The operation's outcome as it happened, which `:save` writes as an `expect` after the command: nil for an
  /// expectation or a note, and for an operation that was stopped and rolled back (it changed nothing).
  public var operationOutcome: Outcome?
  /// True for an operation stopped partway (Esc, Ctrl-C) whose work up to the stop stays (on the kernel, which
  /// nothing rolls back; the detail says how much): `:save` writes it as a comment, since its line replayed would
  /// do the whole of it. Its `operationOutcome` is nil.
  public var stoppedPartway = false

  /// An entry from its parts.
  public init(
    sequence: Int, command: String, outcome: String, meaning: String? = nil, detail: String? = nil,
    succeeded: Bool, events: [String] = []
  ) {
    self.sequence = sequence
    self.command = command
    self.outcome = outcome
    self.meaning = meaning
    self.detail = detail
    self.succeeded = succeeded
    self.events = events
  }

  /// The entry of an operation's result: the outcome text, the errno's meaning, the detail and the events.
  public init(sequence: Int, command: String, result: OperationResult) {
    var meaning: String?
    if case .errno(let e, _) = result.outcome { meaning = e.meaning }
    self.init(
      sequence: sequence, command: command, outcome: result.outcome.text, meaning: meaning,
      detail: result.detail, succeeded: result.outcome.succeeded, events: result.events.map(\.text))
    operationOutcome = result.outcome
  }

  /// `ok`, or `EINVAL at 0x1000 (invalid argument)`.
  public var outcomeText: String {
    meaning.map { "\(outcome) (\($0))" } ?? outcome
  }
}
