/// The `:` command line while it is open: what is typed, where the cursor is, and the error of the last
/// attempt to run it.
public struct CommandPrompt: Equatable, Sendable {
  /// The text after the `:` and the cursor in it.
  public var line: LineEditor
  /// The error of the last Enter, if the line did not parse; the state was left untouched.
  public var error: PromptError?

  /// A command line holding `text` with the cursor at its end (or at `cursor`, in grapheme clusters).
  public init(text: String = "", cursor: Int? = nil, error: PromptError? = nil) {
    line = LineEditor(text, cursor: cursor)
    self.error = error
  }

  /// The text after the `:`.
  public var text: String { line.text }
}
