/// The result of one operation: `ok`, an errno, a signal, a value, or an exit (SCENARIO.md "Operations").
public enum Outcome: Equatable, Sendable {
  /// The call succeeded.
  case ok
  /// The call failed; `at` is the error offset where the API reports one (or where the model found the cause).
  case errno(Errno, at: UInt64?)
  /// A host access raised a signal at the first page that did.
  case signal(Signal, at: UInt64)
  /// A read succeeded and saw these bytes.
  case value(ByteSet)
  /// The vCPU exited to userspace.
  case exit(VMExit)
  /// The backend cannot do this operation at all; the reason names what is missing.
  case unsupported(String)

  /// True for `.ok` and `.value`.
  public var succeeded: Bool {
    switch self {
    case .ok, .value: true
    default: false
    }
  }

  /// The text form used by `gmemviz run`: `ok`, `EINVAL at 0x1000`, `SIGBUS at 0x0`, `value 0xaa`, ...
  public var text: String {
    switch self {
    case .ok: return "ok"
    case .errno(let e, let at): return at.map { "\(e.rawValue) at \(hex($0))" } ?? e.rawValue
    case .signal(let s, let at): return "\(s.rawValue) at \(hex(at))"
    case .value(let bytes): return bytes.text
    case .exit(let exit): return exit.text
    case .unsupported(let reason): return "unsupported: \(reason)"
    }
  }
}

/// A vCPU exit to userspace.
public struct VMExit: Equatable, Sendable {
  /// Why the vCPU exited.
  public enum Reason: String, Sendable {
    /// KVM_EXIT_MEMORY_FAULT (39): the access kind disagrees with the attribute.
    case memoryFault = "MEMORY_FAULT"
    /// KVM_EXIT_MMIO: no memslot covers the gpa.
    case mmio = "MMIO"
  }
  /// The exit reason.
  public var reason: Reason
  /// The faulting guest physical address.
  public var gpa: UInt64
  /// The file offset of that gpa, when a memslot binds it.
  public var offset: UInt64?
  /// `memory_fault.flags` has KVM_MEMORY_EXIT_FLAG_PRIVATE (the access was private).
  public var privateAccess: Bool

  public init(reason: Reason, gpa: UInt64, offset: UInt64?, privateAccess: Bool) {
    self.reason = reason
    self.gpa = gpa
    self.offset = offset
    self.privateAccess = privateAccess
  }

  /// `MEMORY_FAULT at 0x1000 (gpa 0x100001000, private)`.
  public var text: String {
    var s = reason.rawValue
    if let offset { s += " at \(hex(offset))" }
    s += " (gpa \(hex(gpa))"
    if reason == .memoryFault { s += privateAccess ? ", private access" : ", shared access" }
    return s + ")"
  }
}

/// The set of distinct byte values a read saw.
public struct ByteSet: Equatable, Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  /// The empty set.
  public init() {}

  /// A set of the given bytes.
  public init(_ bytes: [UInt8]) {
    for b in bytes { insert(b) }
  }

  /// Adds a byte.
  public mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  /// Membership.
  public func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << UInt64(byte & 63)
    switch byte >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  /// The bytes in increasing order.
  public var elements: [UInt8] { (0...255).map { UInt8($0) }.filter { contains($0) } }

  /// `value 0xaa`, or `values 0x00,0xaa` when the read saw several.
  public var text: String {
    let e = elements
    let names = e.map { "0x" + ($0 < 16 ? "0" : "") + String($0, radix: 16) }
    return (e.count == 1 ? "value " : "values ") + names.joined(separator: ",")
  }

  public static func == (a: ByteSet, b: ByteSet) -> Bool {
    a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
      && a.words.3 == b.words.3
  }
}
