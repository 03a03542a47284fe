import GmemModel

/// A run of pages whose observed state differs between the model and the kernel.
public struct PageRunDifference: Equatable, Sendable, CustomStringConvertible {
  /// The pages, as indices into the file.
  public var pages: Range<Int>
  /// What the model shows there.
  public var model: ObservedPage
  /// What the kernel shows there.
  public var kernel: ObservedPage

  public init(pages: Range<Int>, model: ObservedPage, kernel: ObservedPage) {
    self.pages = pages
    self.model = model
    self.kernel = kernel
  }

  /// The run as a byte range of the file.
  public var range: FileRange {
    FileRange(pages: pages)
  }

  /// `0x1000+0x3000 model allocated mapped, kernel allocated`.
  public var description: String { "\(range) model \(model.words), kernel \(kernel.words)" }
}
