// A tiny full-screen program for the terminal's end-to-end tests: it shows its size, the last event, what the
// terminal can do, and reacts to a few keys. Nothing on screen depends on time, so it is idle when untouched.
//
// Keys: q quits (restoring the terminal); x toggles one cell (and changes nothing else); c crashes with
// fatalError; a calls abort(); e exits without restoring (the atexit hook must). Flags: --report-signals,
// --no-mouse.
import GmemTerminal
import GmemView

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let arguments = CommandLine.arguments.dropFirst()
let terminal: Terminal
do {
  terminal = try Terminal(
    mouse: !arguments.contains("--no-mouse"), reportsTerminationSignals: arguments.contains("--report-signals"))
} catch {
  let message = Array("gmemviz-term-demo: cannot start the terminal: \(error)\n".utf8)
  _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  exit(1)
}

func describe(_ key: Key) -> String {
  switch key {
  case .character(" "): return "space"
  case .character(let character): return String(character)
  case .control(let character): return "ctrl-\(character)"
  case .function(let number): return "f\(number)"
  case .other(let name): return "other \(name)"
  default: return "\(key)"
  }
}

func describe(_ event: InputEvent) -> String {
  switch event {
  case .key(let key): return describe(key)
  case .mouse(let mouse): return "mouse \(mouse.action) at \(mouse.x),\(mouse.y)"
  case .resize(let width, let height): return "resize \(width)x\(height)"
  case .terminationRequested(let signal): return "signal \(signal)"
  }
}

let capabilities = terminal.capabilities
var last = "none"
var toggled = false
var signalText = "none"

let theme: Theme = capabilities.isMonochrome ? .mono : .dark
let sampleStyles: [Style] = [.private, .shared, .pinned, .spte]

while true {
  var screen = Screen(size: ScreenSize(width: terminal.width, height: terminal.height))
  screen.put("gmemviz-term-demo size \(terminal.width)x\(terminal.height)", x: 0, y: 0, style: .title)
  screen.put("last: \(last)", x: 0, y: 1, style: .text)
  screen.put(
    "mono: \(capabilities.isMonochrome ? "yes" : "no") ascii: \(capabilities.prefersASCII ? "yes" : "no")"
      + " colors: \(capabilities.colorCount) mouse: \(capabilities.hasMouse ? "yes" : "no")", x: 0, y: 2,
    style: .text)
  let samples = capabilities.prefersASCII ? "#=+." : "▀█░é"
  for (index, glyph) in samples.enumerated() {
    screen.put(String(glyph), x: index, y: 3, style: sampleStyles[index])
  }
  screen.put("toggle: [\(toggled ? "*" : " ")]", x: 0, y: 4, style: .text)
  screen.put("signal: \(signalText)", x: 0, y: 5, style: .text)
  screen.put("q quit  x toggle  c crash  a abort  e exit", x: 0, y: terminal.height - 1, style: .header)
  terminal.present(screen, theme: theme)

  guard let event = terminal.nextEvent(timeoutMilliseconds: 100) else { continue }
  if event != .key(.character("x")) { last = describe(event) }  // So that x changes exactly one cell.
  switch event {
  case .key(.character("q")):
    terminal.restore()
    exit(0)
  case .key(.character("x")):
    toggled.toggle()
  case .key(.character("c")):
    fatalError("gmemviz-term-demo: crash on request")
  case .key(.character("a")):
    abort()
  case .key(.character("e")):
    exit(3)
  case .terminationRequested(let signal):
    signalText = "\(signal)"
  default:
    break
  }
}
