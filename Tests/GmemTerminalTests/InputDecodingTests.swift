import CNcurses
import CNcursesShim
import GmemView
import Testing

@testable import GmemTerminal

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Input decoding")
struct InputDecodingTests {
  @Test("characters: control bytes are named keys or control letters, the rest printable")
  func characters() {
    let cases: [(UInt32, Key)] = [
      (0x0D, .enter), (0x0A, .enter), (0x09, .tab), (0x7F, .backspace), (0x08, .backspace), (0x1B, .escape),
      (0x00, .control("@")), (0x01, .control("a")), (0x02, .control("b")), (0x1A, .control("z")),
      (0x1C, .control("\\")), (0x1F, .control("_")), (0x20, .character(" ")), (0x41, .character("A")),
      (0x71, .character("q")), (0xE9, .character("é")), (0x20AC, .character("€")),
    ]
    for (value, key) in cases { #expect(KeyDecoder.key(character: value) == key, "0x\(String(value, radix: 16))") }
  }

  @Test("key codes: arrows, paging, editing and function keys; others by curses' name")
  func codes() {
    let name = { (code: Int32) in "k\(code)" }
    let cases: [(Int32, Key)] = [
      (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_PPAGE, .pageUp),
      (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end), (KEY_ENTER, .enter),
      (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_IC, .insert), (KEY_BTAB, .backTab),
      (KEY_F0 + 1, .function(1)), (KEY_F0 + 12, .function(12)), (KEY_F0 + 24, .function(24)),
      (KEY_MAX + 5, .other("k\(KEY_MAX + 5)")),
    ]
    for (code, key) in cases { #expect(KeyDecoder.key(code: code, name: name) == key, "code \(code)") }
  }

  @Test("mouse: buttons and the wheel")
  func mouse() {
    #expect(MouseDecoder.action(state: gmem_mouse_button1_pressed) == .press(.left))
    #expect(MouseDecoder.action(state: gmem_mouse_button1_released) == .release(.left))
    #expect(MouseDecoder.action(state: gmem_mouse_button2_pressed) == .press(.middle))
    #expect(MouseDecoder.action(state: gmem_mouse_button3_released) == .release(.right))
    #expect(MouseDecoder.action(state: gmem_mouse_button4_pressed) == .scrollUp)
    #expect(MouseDecoder.action(state: gmem_mouse_button5_pressed) == .scrollDown)
    #expect(MouseDecoder.action(state: gmem_mouse_report_position) == nil)
    #expect(MouseDecoder.reportedEvents & gmem_mouse_report_position == 0, "no motion flood")
  }

  @Test("signals: one batch; the first termination signal wins")
  func signals() {
    var queue: [Int32] = [SIGWINCH, SIGTERM, SIGINT, SIGTSTP, SIGCONT, SIGUSR1]
    let batch = SignalBatch {
      queue.isEmpty ? 0 : queue.removeFirst()
    }
    #expect(batch.termination == SIGTERM)
    #expect(batch.suspend && batch.resume && batch.resize)
    #expect(!batch.isEmpty)
    #expect(SignalBatch { 0 }.isEmpty)
  }
}
