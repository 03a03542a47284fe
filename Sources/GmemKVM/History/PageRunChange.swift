import GmemModel

/// A run of pages whose state changed between two scans, all from `old` to `new`.
public struct PageRunChange: Equatable, Sendable {
  /// The pages, as indices into the file.
  public var pages: Range<Int>
  /// Their state at the scan before.
  public var old: PageState
  /// Their state at this scan.
  public var new: PageState

  /// A run of `pages` that went from `old` to `new`.
  public init(pages: Range<Int>, old: PageState, new: PageState) {
    self.pages = pages
    self.old = old
    self.new = new
  }

  /// The run as a file range: `OFFSET+LENGTH` in bytes.
  public var fileRange: FileRange {
    FileRange(pages: pages)
  }
}
