import GmemModel

extension CapabilityReport {
  /// The one-liner, e.g. `kvm API 12 · gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM
  /// types default`, or, where VM types differ, what each supports: `kvm API 12 · sw-protected: gmem flags none,
  /// memory attributes PRIVATE · default: no guest_memfd, no memory attributes · pre-fault · VM types
  /// default,sw-protected`.
  public var summary: String { (["kvm API \(apiVersion)"] + findings).joined(separator: " · ") }

  /// The same for a header that cuts it from the end on a narrow terminal: the findings first, the API version last.
  public var headerSummary: String { (findings + ["kvm API \(apiVersion)"]).joined(separator: " · ") }

  /// What the guest_memfd visualizer cares about, most useful first.
  private var findings: [String] {
    var parts = guestMemfdFindings
    parts.append(value(.preFaultMemory) > 0 ? "pre-fault" : "no pre-fault")
    parts.append("VM types " + vmTypes.map(\.rawValue).joined(separator: ","))
    let configured = capabilities.filter { $0.definition.isConfiguration && $0.isSupportedOnSomeVMType }
    if !configured.isEmpty {
      parts.append("configured " + configured.map(\.name).joined(separator: ","))
    }
    return parts
  }

  /// guest_memfd and memory attributes: once when every probed VM type agrees (/dev/kvm's values when no VM could
  /// be created), else per group of types that agree, those that convert first, then those with guest_memfd, then
  /// the rest, and last each type whose VM could not be created, with the errno.
  private var guestMemfdFindings: [String] {
    let created = probedVMTypes.filter { vmCreationErrnos[$0] == nil }
    var groups: [(support: [String], types: [VMType])] = []
    for type in created {
      let support = Self.support(
        guestMemfd: value(.guestMemfd, on: type) ?? 0, flags: value(.guestMemfdFlags, on: type) ?? 0,
        attributes: value(.memoryAttributes, on: type) ?? 0)
      if let index = groups.firstIndex(where: { $0.support == support }) {
        groups[index].types.append(type)
      } else {
        groups.append((support, [type]))
      }
    }
    let failed = probedVMTypes.compactMap { type in
      vmCreationErrnos[type].map { "\(type.rawValue): no VM (KVM_CREATE_VM: \(KVMError.message($0)))" }
    }
    if groups.isEmpty {
      return Self.support(
        guestMemfd: value(.guestMemfd), flags: value(.guestMemfdFlags), attributes: value(.memoryAttributes))
    }
    if groups.count == 1 && failed.isEmpty { return groups[0].support }
    let ranked = groups.enumerated().sorted { left, right in
      let (leftRank, rightRank) = (rank(left.element.types[0]), rank(right.element.types[0]))
      return leftRank != rightRank ? leftRank < rightRank : left.offset < right.offset
    }
    let named = ranked.map { _, group in
      group.types.map(\.rawValue).joined(separator: ",") + ": " + group.support.joined(separator: ", ")
    }
    return named + failed
  }

  /// 0 for a type that converts, 1 for one with guest_memfd, 2 for the rest.
  private func rank(_ type: VMType) -> Int {
    if convertsPrivateMemory(on: type) { return 0 }
    return (value(.guestMemfd, on: type) ?? 0) > 0 ? 1 : 2
  }

  /// `gmem flags F` or `no guest_memfd`, then `memory attributes A` or `no memory attributes`.
  private static func support(guestMemfd: Int, flags: Int, attributes: Int) -> [String] {
    [
      guestMemfd > 0 ? "gmem flags " + GuestMemfdFlag.describe(UInt64(flags)) : "no guest_memfd",
      attributes > 0 ? "memory attributes " + describeAttributes(attributes) : "no memory attributes",
    ]
  }
}
