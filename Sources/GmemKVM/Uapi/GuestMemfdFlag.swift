/// The KVM_CREATE_GUEST_MEMFD flags of the Linux 6.18 uapi, as reported by KVM_CAP_GUEST_MEMFD_FLAGS.
public enum GuestMemfdFlag: String, CaseIterable, Sendable {
  /// GUEST_MEMFD_FLAG_MMAP: the guest_memfd can be mmap()ed by the host.
  case mmap = "MMAP"
  /// GUEST_MEMFD_FLAG_INIT_SHARED: every page starts shared, so the host can fault it.
  case initShared = "INIT_SHARED"

  /// The flag's bit.
  public var bit: UInt64 {
    switch self {
    case .mmap: 1 << 0
    case .initShared: 1 << 1
    }
  }

  /// The names of the bits in `mask`, `|`-joined; unknown bits as hex; "none" for 0.
  public static func describe(_ mask: UInt64) -> String {
    var names = allCases.filter { mask & $0.bit != 0 }.map(\.rawValue)
    let unknown = mask & ~allCases.reduce(0) { $0 | $1.bit }
    if unknown != 0 { names.append("0x" + String(unknown, radix: 16)) }
    return names.isEmpty ? "none" : names.joined(separator: "|")
  }
}
