import GmemModel

extension KVMCapabilityDefinition {
  /// What `value` of this capability means on a kernel, e.g. "KVM_CREATE_GUEST_MEMFD available".
  public func meaning(of value: Int) -> String {
    if value < 0 { return "KVM_CHECK_EXTENSION failed: \(KVMError.message(Int32(-value)))" }
    if isConfiguration {
      let state = value > 0 ? "reported (\(value))" : "not reported"
      return "\(state) at configured number \(number) (\(origin)); the number is configuration"
    }
    switch number {
    case Self.userMemory2.number:
      return value > 0 ? "KVM_SET_USER_MEMORY_REGION2 available" : "no KVM_SET_USER_MEMORY_REGION2"
    case Self.memoryFaultInfo.number:
      return value > 0 ? "KVM_EXIT_MEMORY_FAULT reported" : "no KVM_EXIT_MEMORY_FAULT"
    case Self.memoryAttributes.number:
      return value > 0
        ? "KVM_SET_MEMORY_ATTRIBUTES accepts " + CapabilityReport.describeAttributes(value)
        : "no memory attributes (KVM_SET_MEMORY_ATTRIBUTES unsupported)"
    case Self.guestMemfd.number:
      return value > 0 ? "KVM_CREATE_GUEST_MEMFD available" : "no guest_memfd"
    case Self.vmTypes.number:
      let types = VMType.listed(in: UInt64(value)).map(\.rawValue)
      return "VM types " + (types.isEmpty ? "none" : types.joined(separator: ","))
    case Self.preFaultMemory.number:
      return value > 0 ? "KVM_PRE_FAULT_MEMORY available" : "no pre-fault (KVM_PRE_FAULT_MEMORY unsupported)"
    case Self.guestMemfdFlags.number:
      return "guest_memfd flags " + GuestMemfdFlag.describe(UInt64(value))
    default:
      return value > 0 ? "reported (\(value))" : "not reported"
    }
  }

  /// The meaning of the values a capability has on VMs of `types`: one meaning when they agree, else each
  /// meaning after the types that have it, e.g. "sw-protected: KVM_CREATE_GUEST_MEMFD available; default: no
  /// guest_memfd". Types without a value are left out; with none, the meaning of `systemValue`.
  func meaning(systemValue: Int, typeValues: [VMType: Int], types: [VMType]) -> String {
    var groups: [(meaning: String, types: [VMType])] = []
    for type in types {
      guard let value = typeValues[type] else { continue }
      let text = meaning(of: value)
      if let index = groups.firstIndex(where: { $0.meaning == text }) {
        groups[index].types.append(type)
      } else {
        groups.append((text, [type]))
      }
    }
    switch groups.count {
    case 0: return meaning(of: systemValue)
    case 1: return groups[0].meaning
    default:
      return groups.map { $0.types.map(\.rawValue).joined(separator: ",") + ": " + $0.meaning }
        .joined(separator: "; ")
    }
  }
}
