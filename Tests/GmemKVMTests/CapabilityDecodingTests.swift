import GmemKVM
import GmemModel
import Testing

/// Decoding of capability values and the configured numbers, without /dev/kvm.
struct CapabilityDecodingTests {
  private func capability(_ definition: KVMCapabilityDefinition, _ value: Int) -> KVMCapability {
    KVMCapability(definition: definition, systemValue: value, vmValue: value, meaning: "")
  }

  @Test func guestMemfdFlagsAreNamed() {
    #expect(GuestMemfdFlag.describe(0) == "none")
    #expect(GuestMemfdFlag.describe(3) == "MMAP|INIT_SHARED")
    #expect(GuestMemfdFlag.describe(1) == "MMAP")
    #expect(GuestMemfdFlag.describe(0x6) == "INIT_SHARED|0x4")
  }

  @Test func summaryOfThisMachinesKernel() {
    let report = CapabilityReport(
      devicePath: "/dev/kvm", apiVersion: 12,
      capabilities: [
        capability(.guestMemfd, 1), capability(.guestMemfdFlags, 3), capability(.memoryAttributes, 0),
        capability(.preFaultMemory, 0), capability(.vmTypes, 1),
      ], vmCreationErrno: nil)
    #expect(
      report.summary
        == "kvm API 12 · gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM types default")
    #expect(
      report.headerSummary
        == "gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM types default · kvm API 12")
    #expect(report.vmTypes == [.default])
  }

  @Test func summaryOfACoCoKernel() {
    let report = CapabilityReport(
      devicePath: "/dev/kvm", apiVersion: 12,
      capabilities: [
        capability(.guestMemfd, 1), capability(.guestMemfdFlags, 1), capability(.memoryAttributes, 8),
        capability(.preFaultMemory, 1), capability(.vmTypes, 0b11_0011),
        capability(KVMCapabilityDefinition.configurationDefaults[1], 8),
      ], vmCreationErrno: nil)
    #expect(report.vmTypes == [.default, .swProtected, .snp, .tdx])
    #expect(
      report.summary
        == "kvm API 12 · gmem flags MMAP · memory attributes PRIVATE · pre-fault · VM types "
        + "default,sw-protected,snp,tdx · configured KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES")
  }

  @Test func configuredNumbersReplaceTheDefaults() throws {
    let defaults = try KVMCapabilityDefinition.configuration(numbers: [:]).get()
    #expect(defaults == KVMCapabilityDefinition.configurationDefaults)
    #expect(defaults.allSatisfy { $0.isConfiguration })
    let stored = try KVMCapabilityDefinition.configuration(numbers: ["KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES": 251])
      .get()
    #expect(stored.first { $0.name == "KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES" }?.number == 251)
    #expect(
      KVMCapabilityDefinition.configuration(numbers: ["KVM_CAP_NOPE": 1])
        == .failure(UnknownCapabilityName(name: "KVM_CAP_NOPE")))
  }
}
