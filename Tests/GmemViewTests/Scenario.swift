import GmemModel
import GmemView

/// The sessions the snapshots show, each with the view state an app would have after it.
enum Scenario {
  /// The default session: every folio whole and private.
  static func defaultSession() -> (ScriptedSession, ViewState) {
    let s = ScriptedSession()
    return (s, s.state(zoom: .folio, cursor: 0))
  }

  /// One 4 KiB page shared: folio 0 split to 4 KiB folios; the cursor on that page.
  static func oneSplitFolio(zoom: ZoomLevel = .folio) -> (ScriptedSession, ViewState) {
    let s = ScriptedSession("share 0x1000")
    return (s, s.state(zoom: zoom, cursor: 1, flash: true))
  }

  /// Several states at once: a split folio with shared, host-mapped, guest-mapped pages, a punched folio,
  /// another split folio; the cursor on the host-mapped block.
  static func mixed(zoom: ZoomLevel) -> (ScriptedSession, ViewState) {
    let s = ScriptedSession(
      """
      share 0x1000
      share 0x200000+64K
      mmap
      host write 0x200000+16K 0xaa
      guest write 0x400000+8K 0x11
      share 0x40000000+2M
      guest read 0x80000000+4K
      punch 0xc0000000+1G
      """)
    return (s, s.state(zoom: zoom, cursor: 0x201000 >> 12))
  }

  /// RFC1 refuses to make a pinned page private: the pin keeps folio 0 split, and the inspector says why.
  static func pinBlocksMerge() -> (ScriptedSession, ViewState) {
    let s = ScriptedSession(
      """
      share 0x1000
      mmap
      pin 0x1000
      dontneed 0x1000
      private 0x1000
      """)
    return (s, s.state(zoom: .block, cursor: 1))
  }

  /// A conversion to private refused because the host maps the page.
  static func failedConversion() -> (ScriptedSession, ViewState) {
    let s = ScriptedSession(
      """
      share 0x1000
      mmap
      host write 0x1000 0xaa
      private 0x1000
      """)
    return (s, s.state(zoom: .block, cursor: 1))
  }
}
