import GmemModel

/// One parsed line of a script.
public enum Statement: Equatable, Sendable {
  /// A command every backend applies.
  case command(Command)
  /// `expect ...`: checks the previous operation's result or the current state.
  case expect(Expectation)
  /// `say "TEXT"`: a caption.
  case say(String)
  /// `pause DURATION`, in milliseconds.
  case pause(milliseconds: UInt64)
  /// `step`: a presenter checkpoint.
  case step
}

/// A statement with where it came from.
public struct ScriptLine: Equatable, Sendable {
  /// 1-based line number in the file.
  public var number: Int
  /// The statement.
  public var statement: Statement
  /// The line's text without its comment and surrounding blanks.
  public var source: String

  public init(number: Int, statement: Statement, source: String) {
    self.number = number
    self.statement = statement
    self.source = source
  }
}

/// An `expect` line (SCENARIO.md "Expectations").
public enum Expectation: Equatable, Sendable {
  /// `expect ok`.
  case ok
  /// `expect ERRNO [at OFF]`.
  case errno(Errno, at: UInt64?)
  /// `expect SIGBUS [at OFF]`.
  case signal(Signal, at: UInt64?)
  /// `expect MEMORY_FAULT [at OFF]`, `expect MMIO [at OFF]`: the previous guest access exited to userspace for that
  /// reason; `at` is the file offset of the gpa.
  case exit(VMExit.Reason, at: UInt64?)
  /// `expect value BYTE`.
  case value(UInt8)
  /// `expect page RANGE WORD...`.
  case page(FileRange, [StateWord])
  /// `expect folio OFF whole|split`.
  case folio(UInt64, whole: Bool)
  /// `expect count NAME=N ...`.
  case count([CounterExpectation])
}

/// One `NAME=N` of `expect count`.
public struct CounterExpectation: Equatable, Sendable {
  /// The counter.
  public var name: CounterName
  /// Its expected value.
  public var value: UInt64

  public init(name: CounterName, value: UInt64) {
    self.name = name
    self.value = value
  }
}

/// A parse error: `file:line:column: message`.
public struct ScriptError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file name as given, or `<command>` for the TUI's command line.
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 1-based column (in characters) where the problem starts.
  public var column: Int
  /// What was wrong.
  public var message: String

  public init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "\(file):\(line):\(column): \(message)" }
}
