import CNcurses
import CNcursesShim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Terminal {
  /// Waits for the next event: a key, a mouse event, a resize, or (when reported) a termination request.
  ///
  /// Signals are handled here, on the main thread: a termination signal restores the terminal and kills the
  /// process (or is returned, see ``reportsTerminationSignals``); SIGTSTP restores the terminal and stops the
  /// process, and when it continues the terminal re-enters curses and the last frame is repainted in full.
  /// Keep the timeout short (tens to hundreds of milliseconds) when the program has work to do between events,
  /// so that signals are seen promptly.
  ///
  /// - Parameter timeoutMilliseconds: How long to wait (at most Int32.max, 24 days); nil waits until an event
  ///   arrives, 0 only polls.
  /// - Returns: The event, or nil when the time ran out (or the terminal was restored).
  public func nextEvent(timeoutMilliseconds: Int? = nil) -> InputEvent? {
    let deadline = timeoutMilliseconds.map { Terminal.monotonicMilliseconds() + min(max(0, $0), Int(Int32.max)) }
    while isActive {
      if let event = takeSignals() { return event }
      if let event = readInput() { return event }
      var wait: Int32 = -1
      if let deadline {
        let left = deadline - Terminal.monotonicMilliseconds()
        if left <= 0 { return nil }
        wait = Int32(clamping: left)
      }
      var descriptors = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&descriptors, 2, wait)
      let gone = Int16(POLLHUP | POLLERR | POLLNVAL)
      if ready > 0 && descriptors[0].revents & gone != 0 && descriptors[0].revents & Int16(POLLIN) == 0 {
        // The terminal went away without a SIGHUP reaching us: behave as if it had.
        if let event = terminate(signal: SIGHUP) { return event }
      }
    }
    return nil
  }

  /// The next key, mouse or resize event curses has, or nil if it has none now.
  func readInput() -> InputEvent? {
    while true {
      var value: wint_t = 0
      let status = wget_wch(window, &value)
      if status == OK { return .key(KeyDecoder.key(character: UInt32(value))) }
      guard status == KEY_CODE_YES else { return nil }
      let code = Int32(bitPattern: UInt32(value))
      switch code {
      case KEY_RESIZE:
        if let event = checkSize() { return event }
      case KEY_MOUSE:
        var mouse = MEVENT()
        if getmouse(&mouse) == OK, let action = MouseDecoder.action(state: UInt32(mouse.bstate)) {
          return .mouse(MouseEvent(action: action, x: Int(mouse.x), y: Int(mouse.y)))
        }
      default:
        return .key(
          KeyDecoder.key(code: code) { code in
            guard let name = keyname(code) else { return "key\(code)" }
            return String(cString: name)
          })
      }
    }
  }

  /// Reads the terminal's size, resizes curses' screens if it changed, and returns a resize event if the size
  /// differs from the last one reported.
  func checkSize() -> InputEvent? {
    var rows: Int32 = 0
    var columns: Int32 = 0
    if gmem_window_size(STDOUT_FILENO, &rows, &columns) == 0, rows > 0, columns > 0,
      Int(rows) != Int(getmaxy(window)) || Int(columns) != Int(getmaxx(window))
    {
      resizeterm(rows, columns)
      // resizeterm touches the screen; mark it drawn so that reading the next key does not make curses write
      // the stale contents before the program presents a frame of the new size.
      wnoutrefresh(window)
    }
    width = Int(getmaxx(window))
    height = Int(getmaxy(window))
    guard width != reportedWidth || height != reportedHeight else { return nil }
    reportedWidth = width
    reportedHeight = height
    needsFullDraw = true
    return .resize(width: width, height: height)
  }

  static func monotonicMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
  }
}
