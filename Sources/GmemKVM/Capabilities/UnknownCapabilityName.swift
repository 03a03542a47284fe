/// A capability name given as configuration that is not one of the configurable capabilities.
public struct UnknownCapabilityName: Error, Equatable, Sendable, CustomStringConvertible {
  /// The name as given.
  public var name: String

  /// The error for `name`.
  public init(name: String) { self.name = name }

  /// `unknown configurable capability NAME (known: ...)`.
  public var description: String {
    let known = KVMCapabilityDefinition.configurationDefaults.map(\.name).joined(separator: ", ")
    return "unknown configurable capability \(name) (known: \(known))"
  }
}
