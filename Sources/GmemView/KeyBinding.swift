/// One row of the key table: the keys, what they do, and the words the help overlay uses.
public struct KeyBinding: Equatable, Sendable {
  /// The action.
  public var action: KeyAction
  /// The keys that trigger it, the first being the one hints show.
  public var keys: [Key]
  /// The help overlay's description.
  public var help: String
  /// A word or two for narrow help overlays.
  public var label: String
  /// The help section.
  public var group: KeyGroup

  /// A binding of `keys` to `action`, described by `label` (short) and `help` (full).
  public init(_ action: KeyAction, _ keys: [Key], _ label: String, _ help: String, group: KeyGroup) {
    self.action = action
    self.keys = keys
    self.label = label
    self.help = help
    self.group = group
  }

  /// The keys as the help lists them: `← h`, `Enter + =`.
  public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}
