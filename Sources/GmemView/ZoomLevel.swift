/// The three linked zoom levels of the map.
public enum ZoomLevel: Int, CaseIterable, Sendable, Comparable {
  /// The whole file: a cell per 1 GiB region (per folio of 1 GiB HugeTLB), or per 2 MiB block for a file of
  /// at most 1 GiB.
  case file
  /// The 1 GiB folio (region) under the cursor: 512 cells, one per 2 MiB block.
  case folio
  /// The 2 MiB block under the cursor: 512 cells, one per 4 KiB page.
  case block

  /// One level closer (Enter, `+`); the block level stays.
  public var zoomedIn: ZoomLevel { ZoomLevel(rawValue: rawValue + 1) ?? .block }
  /// One level further (Backspace, `-`); the file level stays.
  public var zoomedOut: ZoomLevel { ZoomLevel(rawValue: rawValue - 1) ?? .file }

  /// `file`, `folio` or `block`.
  public var name: String {
    switch self {
    case .file: "file"
    case .folio: "folio"
    case .block: "block"
    }
  }

  /// File before folio before block.
  public static func < (a: ZoomLevel, b: ZoomLevel) -> Bool { a.rawValue < b.rawValue }
}
