/// One row of the playback keys' help: the keys as the help lists them, what they do, and the action they take
/// (nil for a row that only recalls keys of the map, such as the cursor moves, which keep working while a script
/// plays).
public struct PlaybackBinding: Sendable {
  /// The action, or nil for a reminder of the map's own keys.
  public var action: PlaybackAction?
  /// The keys that take the action.
  public var keys: [Key]
  /// The keys as the help lists them.
  public var keyLabel: String
  /// What they do.
  public var help: String

  /// A row binding `keys` (listed as `keyLabel`) to `action`, described by `help`.
  public init(_ action: PlaybackAction?, _ keys: [Key], _ keyLabel: String, _ help: String) {
    self.action = action
    self.keys = keys
    self.keyLabel = keyLabel
    self.help = help
  }
}
