import CNcurses
import GmemView

/// Turns what `wget_wch` returns into a ``Key``.
enum KeyDecoder {
  /// The key for a character `wget_wch` returned with status `OK`. Control bytes become named keys or
  /// ``Key/control(_:)``; anything else is a printable character.
  static func key(character value: UInt32) -> Key {
    switch value {
    case 0x0D, 0x0A: return .enter
    case 0x09: return .tab
    case 0x08, 0x7F: return .backspace
    case 0x1B: return .escape
    case 0x00: return .control("@")
    case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))
    case 0x1C...0x1F: return .control(Character(Unicode.Scalar(UInt8(value) + 0x40)))
    default:
      guard let scalar = Unicode.Scalar(value) else { return .other(String(value, radix: 16)) }
      return .character(Character(scalar))
    }
  }

  /// The key for a key code `wget_wch` returned with status `KEY_CODE_YES`, other than `KEY_RESIZE` and
  /// `KEY_MOUSE`. `name` gives curses' name for a code this type does not name.
  static func key(code: Int32, name: (Int32) -> String) -> Key {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE: return .backspace
    case KEY_DC: return .delete
    case KEY_IC: return .insert
    case KEY_BTAB: return .backTab
    case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(code - KEY_F0))
    default: return .other(name(code))
    }
  }
}
