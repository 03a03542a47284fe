import CNcursesShim

/// Turns a curses mouse event's button state into a ``MouseAction``.
enum MouseDecoder {
  /// The mask of the events ``Terminal`` asks curses to report: presses and releases of buttons 1 to 3, and
  /// the wheel (buttons 4 and 5).
  static var reportedEvents: UInt32 {
    gmem_mouse_button1_pressed | gmem_mouse_button1_released | gmem_mouse_button2_pressed
      | gmem_mouse_button2_released | gmem_mouse_button3_pressed | gmem_mouse_button3_released
      | gmem_mouse_button4_pressed | gmem_mouse_button5_pressed
  }

  /// The action for button state `state`, or nil for one ``MouseAction`` does not name.
  static func action(state: UInt32) -> MouseAction? {
    let table: [(UInt32, MouseAction)] = [
      (gmem_mouse_button4_pressed, .scrollUp),
      (gmem_mouse_button5_pressed, .scrollDown),
      (gmem_mouse_button1_pressed, .press(.left)),
      (gmem_mouse_button1_released, .release(.left)),
      (gmem_mouse_button2_pressed, .press(.middle)),
      (gmem_mouse_button2_released, .release(.middle)),
      (gmem_mouse_button3_pressed, .press(.right)),
      (gmem_mouse_button3_released, .release(.right)),
    ]
    for (mask, action) in table where mask != 0 && state & mask != 0 { return action }
    return nil
  }
}
