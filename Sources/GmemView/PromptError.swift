/// An error in the `:` command line, shown in place under the column it points at.
public struct PromptError: Equatable, Sendable {
  /// The 1-based column of the text where the error is (a `ScriptError`'s column).
  public var column: Int
  /// What is wrong.
  public var message: String

  /// An error at `column` (1-based).
  public init(column: Int, message: String) {
    self.column = column
    self.message = message
  }
}
