import CNcurses
import CNcursesShim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Terminal {
  /// Handles the signals that arrived since the last call, on the main thread.
  func takeSignals() -> InputEvent? {
    let batch = SignalBatch { gmem_signals_next() }
    if batch.isEmpty { return nil }
    if let signal = batch.termination, let event = terminate(signal: signal) { return event }
    var resized = batch.resize
    var resumed = batch.resume
    if batch.suspend {
      gmem_set_curses_active(0)
      endwin()
      gmem_signals_suspend()
      // Continued. SIGCONT (and perhaps SIGWINCH or a termination) arrived while stopped.
      gmem_set_curses_active(1)
      let after = SignalBatch { gmem_signals_next() }
      if let signal = after.termination, let event = terminate(signal: signal) { return event }
      resized = resized || after.resize
      resumed = true
    } else if resumed {
      // Stopped by SIGSTOP, which cannot be caught: the shell may have reset the modes and written on the
      // screen meanwhile.
      reset_prog_mode()
    }
    if resumed {
      clearok(gmem_curscr(), true)
      draw()
    }
    if resized || resumed { return checkSize() }
    return nil
  }

  /// Handles a termination signal: reports it, or restores the terminal and dies by it.
  func terminate(signal: Int32) -> InputEvent? {
    gmem_signals_acknowledge_termination()
    if reportsTerminationSignals { return .terminationRequested(signal: signal) }
    restore()
    gmem_die_by_signal(signal)
  }
}
