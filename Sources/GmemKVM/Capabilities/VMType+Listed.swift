import GmemModel

extension VMType {
  /// The types whose bit is set in a KVM_CAP_VM_TYPES bitmap, in the order of their numbers. Bits of types this
  /// build does not know are left out.
  public static func listed(in bitmap: UInt64) -> [VMType] {
    allCases.filter { bitmap & (1 << $0.value) != 0 }
  }
}
