/// Measuring and cutting text by columns (one column per Unicode scalar, as `Screen.put` draws).
public enum TextColumns {
  /// Columns `text` takes.
  @inlinable public static func columns(_ text: String) -> Int { text.unicodeScalars.count }

  /// `text` cut to `width` columns, ending in `ellipsis` when it was longer.
  public static func truncate(_ text: String, width: Int, ellipsis: Character = "…") -> String {
    guard width > 0 else { return "" }
    let scalars = text.unicodeScalars
    guard scalars.count > width else { return text }
    var out = String(String.UnicodeScalarView(scalars.prefix(width - 1)))
    out.append(ellipsis)
    return out
  }
}
