/// What a cell means, not how it looks: a `Theme` turns a style into terminal attributes, so the same screen
/// reads in dark, light, monochrome and presentation themes.
public enum Style: UInt8, CaseIterable, Sendable {
  /// Ordinary text.
  case text
  /// Secondary text: units, separators, empty values.
  case dim
  /// The header line.
  case header
  /// Rules and frames.
  case border
  /// A pane's title.
  case title
  /// An address label on a map row.
  case label
  /// The hint bar.
  case hint
  /// A key name in the hint bar, the help overlay and the legend.
  case key
  /// Legend text.
  case legend
  /// A demo caption.
  case caption
  /// The command just run, beside the caption: the caption's bar, dimmer text.
  case captionCommand
  /// The `:` command line.
  case prompt
  /// A successful outcome.
  case ok
  /// A failed outcome, a command-line error.
  case error
  /// Something to notice: a split folio, a blocked merge.
  case warning
  /// No folio (not allocated).
  case hole
  /// Private, not faultable: the guest's own memory.
  case `private`
  /// Shared and faultable, not host-mapped.
  case shared
  /// Shared and mapped by a host PTE.
  case sharedMapped
  /// Faultable but private (a state RFC1's faultability makes possible).
  case faultablePrivate
  /// Shared but not faultable (likewise).
  case sharedUnfaultable
  /// Long-term pinned (FOLL_LONGTERM).
  case pinned
  /// Private and mapped by an SPTE (the guest touched it).
  case spte
  /// Punched while pinned: gone from the file, still alive.
  case orphan
  /// A broken invariant, drawn in place.
  case violation
  /// A cell aggregating pages in more than one state.
  case mixed
  /// The cell under the cursor.
  case cursor
  /// A cell in the `v` selection.
  case selection
  /// A cell the last operation changed.
  case flash

  /// The one character naming the style in `Screen.styleLines`.
  public var code: Character {
    switch self {
    case .text: " "
    case .dim: "d"
    case .header: "H"
    case .border: "-"
    case .title: "T"
    case .label: "l"
    case .hint: "h"
    case .key: "k"
    case .legend: "g"
    case .caption: "C"
    case .captionCommand: "c"
    case .prompt: ":"
    case .ok: "+"
    case .error: "E"
    case .warning: "W"
    case .hole: "."
    case .private: "P"
    case .shared: "S"
    case .sharedMapped: "M"
    case .faultablePrivate: "F"
    case .sharedUnfaultable: "U"
    case .pinned: "G"
    case .spte: "K"
    case .orphan: "o"
    case .violation: "!"
    case .mixed: "%"
    case .cursor: "@"
    case .selection: "="
    case .flash: "*"
    }
  }
}
