/// A number both backends report that differs: a counter of `expect count`, or the orphans at one page.
public struct ValueDifference: Equatable, Sendable, CustomStringConvertible {
  /// What is counted: `count allocated`, `orphans at 0x1000`.
  public var name: String
  /// The model's value.
  public var model: UInt64
  /// The kernel's value.
  public var kernel: UInt64

  public init(name: String, model: UInt64, kernel: UInt64) {
    self.name = name
    self.model = model
    self.kernel = kernel
  }

  /// `count allocated: model 4, kernel 3`.
  public var description: String { "\(name): model \(model), kernel \(kernel)" }
}
