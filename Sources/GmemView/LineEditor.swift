/// The text of the `:` command line as grapheme clusters, and the cursor between them.
///
/// Keys arrive one Unicode scalar at a time. A scalar that extends the cluster before the cursor (a combining
/// accent, a ZWJ, a variation selector, a skin tone, the second regional indicator of a flag) joins that
/// cluster, so the cursor always counts whole clusters and moves and deletes them whole. An edit costs time in
/// proportion to the clusters it moves, not to the line: typing or pasting at the end is linear.
public struct LineEditor: Equatable, Sendable {
  /// The line, one grapheme cluster each.
  public private(set) var characters: [Character]
  /// The cursor, as a count of clusters from the start (0...characters.count).
  public private(set) var cursor: Int

  /// A line holding `text` with the cursor at its end (or at `cursor`, clamped to the line).
  public init(_ text: String = "", cursor: Int? = nil) {
    characters = Array(text)
    self.cursor = min(max(0, cursor ?? characters.count), characters.count)
  }

  /// The line as a string.
  public var text: String { String(characters) }

  /// True when the line holds nothing.
  public var isEmpty: Bool { characters.isEmpty }

  /// Inserts `character` at the cursor, joining the cluster before it when the two make one cluster.
  public mutating func insert(_ character: Character) {
    if cursor > 0 {
      let joined = String(characters[cursor - 1]) + String(character)
      if joined.count == 1 {
        characters[cursor - 1] = Character(joined)
        return
      }
    }
    characters.insert(character, at: cursor)
    cursor += 1
  }

  /// Deletes the cluster before the cursor (Backspace); false when the cursor is at the start.
  @discardableResult
  public mutating func deleteBackward() -> Bool {
    guard cursor > 0 else { return false }
    cursor -= 1
    characters.remove(at: cursor)
    return true
  }

  /// Deletes the cluster under the cursor (Delete).
  public mutating func deleteForward() {
    if cursor < characters.count { characters.remove(at: cursor) }
  }

  /// Moves the cursor one cluster left.
  public mutating func moveLeft() { cursor = max(0, cursor - 1) }

  /// Moves the cursor one cluster right.
  public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }

  /// Moves the cursor to the start (Home, Ctrl-A).
  public mutating func moveToStart() { cursor = 0 }

  /// Moves the cursor to the end (End, Ctrl-E).
  public mutating func moveToEnd() { cursor = characters.count }

  /// Deletes everything before the cursor (Ctrl-U).
  public mutating func killToStart() {
    characters.removeSubrange(0..<cursor)
    cursor = 0
  }

  /// Replaces the line with `text`, the cursor at its end (a line from the history).
  public mutating func replace(with text: String) {
    self = LineEditor(text)
  }
}
