import GmemScript
import GmemTerminal
import GmemView

/// The `:` command line as a widget of its own: it edits the line (see `LineEditor`), walks the lines submitted
/// before with ↑/↓, parses the line on Enter and closes on Escape (or Backspace on an empty line). A line that
/// does not parse stays open with its error under the column. `save`, `save!` and `source` lines are the app's
/// own (see `SessionFileCommand`). The line is edited in place, so that a key does not copy it.
struct PromptWidget {
  /// What a key did.
  enum Outcome: Equatable {
    /// The line changed, or its error was shown or cleared: draw it.
    case edited
    /// Not a key the prompt knows; nothing changed.
    case ignored
    /// The prompt closed without running anything.
    case closed
    /// The line parsed and the prompt closed: run `statement` (nil for a blank or comment line), written `text`.
    case submitted(Statement?, text: String)
    /// The line was `save FILE`, `save! FILE` or `source FILE` and the prompt closed: run it.
    case file(SessionFileCommand, text: String)
  }

  /// The lines submitted, oldest first.
  private(set) var history: [String] = []
  /// Where ↑/↓ are in `history`; nil on the line being typed.
  private var historyIndex: Int?

  /// A prompt holding `text` (empty unless a key starts a line, as `S` starts `save `), with ↑ starting from the
  /// newest line of the history.
  mutating func open(_ text: String = "") -> CommandPrompt {
    historyIndex = nil
    return CommandPrompt(text: text)
  }

  /// What `key` does to the open `prompt` (set to nil when it closes).
  mutating func handle(_ key: Key, _ prompt: inout CommandPrompt?) -> Outcome {
    guard prompt != nil else { return .ignored }
    switch key {
    case .escape:
      prompt = nil
      return .closed
    case .enter:
      return submit(&prompt)
    case .backspace where prompt?.line.isEmpty == true:
      prompt = nil
      return .closed
    case .backspace: prompt?.line.deleteBackward()
    case .delete: prompt?.line.deleteForward()
    case .left: prompt?.line.moveLeft()
    case .right: prompt?.line.moveRight()
    case .home, .control("a"): prompt?.line.moveToStart()
    case .end, .control("e"): prompt?.line.moveToEnd()
    case .control("u"): prompt?.line.killToStart()
    case .up, .down:
      guard !history.isEmpty else { return .ignored }
      var i = historyIndex ?? history.count
      i = key == .up ? max(0, i - 1) : min(history.count, i + 1)
      historyIndex = i
      prompt?.line.replace(with: i < history.count ? history[i] : "")
    case .character(let c): prompt?.line.insert(c)
    default:
      return .ignored
    }
    prompt?.error = nil
    return .edited
  }

  /// Keeps the line in the history and parses it; an error stays in the prompt with its column.
  private mutating func submit(_ prompt: inout CommandPrompt?) -> Outcome {
    let text = prompt?.text ?? ""
    if !text.trimmingBlanks.isEmpty, history.last != text { history.append(text) }
    historyIndex = nil
    do throws(SessionFileCommand.MissingFile) {
      if let command = try SessionFileCommand.parse(text) {
        prompt = nil
        return .file(command, text: text)
      }
    } catch {
      prompt?.error = error.error
      return .edited
    }
    do {
      let statement = try Parser.parseLine(text)
      prompt = nil
      return .submitted(statement, text: text)
    } catch {
      prompt?.error = PromptError(column: error.column, message: error.message)
      return .edited
    }
  }
}
