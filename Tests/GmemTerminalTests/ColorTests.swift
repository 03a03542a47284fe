import GmemView
import Testing

@testable import GmemTerminal

@Suite("Colours")
struct ColorTests {
  @Test("the xterm palette: the cube and the grey ramp")
  func palette() {
    #expect(XtermPalette.rgb(16) == (0, 0, 0))
    #expect(XtermPalette.rgb(196) == (255, 0, 0))
    #expect(XtermPalette.rgb(231) == (255, 255, 255))
    #expect(XtermPalette.rgb(232) == (8, 8, 8))
    #expect(XtermPalette.rgb(255) == (238, 238, 238))
  }

  @Test("a colour the terminal has is kept; one it lacks becomes the nearest of 8 (or 16)")
  func nearest() {
    for index in [0, 7, 15, 100, 255] { #expect(XtermPalette.nearest(UInt8(index), available: 256) == index) }
    #expect(XtermPalette.nearest(196, available: 8) == 1)  // red
    #expect(XtermPalette.nearest(46, available: 8) == 2)  // green
    #expect(XtermPalette.nearest(226, available: 8) == 3)  // yellow
    #expect(XtermPalette.nearest(21, available: 8) == 4)  // blue
    #expect(XtermPalette.nearest(9, available: 8) == 1)  // bright red
    #expect(XtermPalette.nearest(15, available: 8) == 7)  // bright white
    #expect(XtermPalette.nearest(232, available: 8) == 0)  // near black
    #expect(XtermPalette.nearest(196, available: 16) == 9)  // bright red where there are 16
    #expect(XtermPalette.nearest(3, available: 16) == 3)
  }

  @Test("pairs: the default pair is 0, each combination is allocated once, in order")
  func pairs() {
    var table = ColorPairTable(colors: 256, pairLimit: 256, defaultColors: true)
    var allocated: [[Int16]] = []
    let allocate = { (pair: Int16, foreground: Int16, background: Int16) -> Bool in
      allocated.append([pair, foreground, background])
      return true
    }
    #expect(table.pair(foreground: .terminalDefault, background: .terminalDefault, allocate: allocate) == 0)
    #expect(table.pair(foreground: .index(196), background: .terminalDefault, allocate: allocate) == 1)
    #expect(table.pair(foreground: .terminalDefault, background: .index(21), allocate: allocate) == 2)
    #expect(table.pair(foreground: .index(196), background: .terminalDefault, allocate: allocate) == 1)
    #expect(allocated == [[1, 196, -1], [2, -1, 21]])
    #expect(table.allocatedCount == 2)
  }

  @Test("pairs on an 8-colour terminal are allocated in its colours")
  func eightColours() {
    var table = ColorPairTable(colors: 8, pairLimit: 64, defaultColors: true)
    var allocated: [[Int16]] = []
    let pair = table.pair(foreground: .index(196), background: .index(232)) {
      allocated.append([$0, $1, $2])
      return true
    }
    #expect(pair == 1)
    #expect(allocated == [[1, 1, 0]])
  }

  @Test("without default colours, default is white on black, which is pair 0")
  func noDefaultColours() {
    var table = ColorPairTable(colors: 256, pairLimit: 256, defaultColors: false)
    var allocated: [[Int16]] = []
    let allocate = { (pair: Int16, foreground: Int16, background: Int16) -> Bool in
      allocated.append([pair, foreground, background])
      return true
    }
    #expect(table.pair(foreground: .terminalDefault, background: .terminalDefault, allocate: allocate) == 0)
    #expect(table.pair(foreground: .index(7), background: .index(0), allocate: allocate) == 0)
    #expect(table.pair(foreground: .index(1), background: .terminalDefault, allocate: allocate) == 1)
    #expect(allocated == [[1, 1, 0]])
  }

  @Test("out of pairs: fall back to an 8-colour pair, then to pair 0")
  func exhausted() {
    var table = ColorPairTable(colors: 256, pairLimit: 3, defaultColors: true)
    let allocate = { (_: Int16, _: Int16, _: Int16) -> Bool in true }
    #expect(table.pair(foreground: .index(1), background: .terminalDefault, allocate: allocate) == 1)
    #expect(table.pair(foreground: .index(2), background: .terminalDefault, allocate: allocate) == 2)
    // No pair left for 196; its 8-colour form (1 on default) already has pair 1.
    #expect(table.pair(foreground: .index(196), background: .terminalDefault, allocate: allocate) == 1)
    // Nothing fits 21 on 46 (4 on 2 in 8 colours): the default pair.
    #expect(table.pair(foreground: .index(21), background: .index(46), allocate: allocate) == 0)
    // A failed init_pair is not cached as success.
    var failing = ColorPairTable(colors: 256, pairLimit: 256, defaultColors: true)
    #expect(failing.pair(foreground: .index(5), background: .terminalDefault) { _, _, _ in false } == 0)
    #expect(failing.allocatedCount == 0)
  }
}
