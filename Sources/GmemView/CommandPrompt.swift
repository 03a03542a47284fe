/// The `:` command line while it is open: what is typed, where the cursor is, and the error of the last
/// attempt to run it.
public struct CommandPrompt: Equatable, Sendable {
  /// The text after the `:`.
  public var text: String
  /// The cursor, as a count of characters from the start of `text` (0...text.count).
  public var cursor: Int
  /// The error of the last Enter, if the line did not parse; the state was left untouched.
  public var error: PromptError?

  /// A command line holding `text` with the cursor at its end (or at `cursor`).
  public init(text: String = "", cursor: Int? = nil, error: PromptError? = nil) {
    self.text = text
    self.cursor = cursor ?? text.count
    self.error = error
  }
}
