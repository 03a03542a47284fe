import GmemModel

/// What a key does. The app maps each `Key` to one of these through `KeyHelp.action(for:)`.
public enum KeyAction: String, CaseIterable, Sendable {
  /// One cell left.
  case moveLeft
  /// One cell right.
  case moveRight
  /// One row up.
  case moveUp
  /// One row down.
  case moveDown
  /// One screenful of rows up.
  case pageUp
  /// One screenful of rows down.
  case pageDown
  /// The file's first page.
  case first
  /// The file's last page.
  case last
  /// Zoom in: file → folio → block.
  case zoomIn
  /// Zoom out: block → folio → file.
  case zoomOut
  /// Start a selection at the cursor, or drop it.
  case select
  /// Close the help, the command line or the selection.
  case cancel
  /// `share`: convert to shared.
  case share
  /// `private`: convert to private.
  case makePrivate
  /// `host read`.
  case hostRead
  /// `host write` of `hostWriteByte`.
  case hostWrite
  /// `guest read`.
  case guestRead
  /// `guest write` of `guestWriteByte`.
  case guestWrite
  /// `pin`: a long-term GUP pin.
  case pin
  /// `unpin`.
  case unpin
  /// `dontneed`: MADV_DONTNEED.
  case dontneed
  /// `remove`: MADV_REMOVE.
  case remove
  /// `allocate`: fallocate.
  case allocate
  /// `punch`: fallocate(PUNCH_HOLE).
  case punch
  /// `mmap`: process 1 maps the file.
  case mmap
  /// `munmap`.
  case munmap
  /// Open the `:` command line.
  case commandLine
  /// Open the `:` command line with `save ` typed: the session as a script, to the file named next.
  case save
  /// Undo the last operation.
  case undo
  /// Redo.
  case redo
  /// Step the timeline back.
  case timelineBack
  /// Step the timeline forward.
  case timelineForward
  /// Leave the scan history of a live view (`attach`, `--backend kvm`) for the live state.
  case live
  /// Toggle the help overlay.
  case help
  /// The next theme.
  case cycleTheme
  /// Repaint the terminal.
  case redraw
  /// Quit.
  case quit

  /// The byte `w` (host write) stores.
  public static let hostWriteByte: UInt8 = 0xaa
  /// The byte `W` (guest write) stores.
  public static let guestWriteByte: UInt8 = 0x55

  /// True for the actions that apply a command to the cursor's cell or the selection.
  public var isOperation: Bool { command(for: FileRange.page(0)) != nil }

  /// The command an operation key applies to `range`; nil for keys that are not operations. `mmap` and
  /// `munmap` ignore the range (they map the whole file in process 1).
  public func command(for range: FileRange) -> Command? {
    switch self {
    case .share: .convert(range, to: .shared, content: nil)
    case .makePrivate: .convert(range, to: .private, content: nil)
    case .hostRead: .hostRead(range, process: nil)
    case .hostWrite: .hostWrite(range, byte: Self.hostWriteByte, process: nil)
    case .guestRead: .guestRead(range, access: nil)
    case .guestWrite: .guestWrite(range, byte: Self.guestWriteByte, access: nil)
    case .pin: .pin(range)
    case .unpin: .unpin(range)
    case .dontneed: .dontneed(range, process: nil)
    case .remove: .remove(range, process: nil)
    case .allocate: .allocate(range)
    case .punch: .punch(range)
    case .mmap: .mmap(process: nil)
    case .munmap: .munmap(process: nil)
    default: nil
    }
  }
}
