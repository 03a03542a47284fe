import GmemModel
import GmemView
import Testing

/// Any size, any profile and backing, any cursor: a frame of the right size and no trap.
@Suite("Rendering robustness")
struct RobustnessTests {
  static let scripts = [
    "",
    "profile rfc1\nvm sw-protected\ngmem 8G hugetlb=2M\nbind\nallocate 0+8G\nprivate 0+8G\nshare 0x1000",
    "profile upstream\nvm default\ngmem 64M flags=mmap,init-shared\nbind\nallocate 0+32M\nmmap\nhost write 0+1M 0x1",
    "profile rfc2\nvm snp\ngmem 2G flags=support-shared,init-private\nbind\nallocate 0+2G\nshare 0x1000",
    "profile inplace\nvm tdx\ngmem 3G hugetlb=1G flags=mmap\nbind\nallocate 0+2G\nshare 0x40000000+2M\nclose",
    "profile rfc1\nvm snp\ngmem 512M hugetlb=2M\nbind",
  ]

  @Test(arguments: 0..<scripts.count)
  func everySizeRenders(_ index: Int) {
    let session = ScriptedSession(Self.scripts[index], fresh: true)
    let pages = max(1, session.model.pageCount)
    var rng = SplitMix64(seed: UInt64(index))
    for zoom in ZoomLevel.allCases {
      for _ in 0..<25 {
        var state = session.state(zoom: zoom, cursor: Int(rng.next() % UInt64(pages)))
        if rng.next() % 3 == 0 { state.selectionAnchor = Int(rng.next() % UInt64(pages)) }
        state.showsHelp = rng.next() % 5 == 0
        state.glyphs = rng.next() % 2 == 0 ? .ascii : .unicode
        if rng.next() % 4 == 0 { state.caption = "the guest shares one page" }
        if rng.next() % 4 == 0 {
          state.prompt = CommandPrompt(text: "share 0x1000", error: PromptError(column: 99, message: "bad"))
        }
        state.changedPages = [0..<min(pages, 700)]
        let w = Int(rng.next() % 260)
        let h = Int(rng.next() % 90)
        let screen = session.screen(state, w, h)
        #expect(screen.width == w && screen.height == h && screen.cells.count == w * h)
        #expect(screen.lines.allSatisfy { $0.count == w })
      }
    }
  }
}
