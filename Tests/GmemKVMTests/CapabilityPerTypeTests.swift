import GmemKVM
import GmemModel
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The probe asks every capability of a VM of each type KVM_CAP_VM_TYPES lists; here against kernels made of
/// tables, so it runs everywhere.
struct CapabilityPerTypeTests {
  private let upstream = CapabilityProbe(definitions: KVMCapabilityDefinition.upstreamCapabilities)

  @Test func labKernelHasGuestMemfdAndPrivateOnlyOnSwProtected() throws {
    let source = FakeCapabilitySource.lab()
    let report = try upstream.probe(source)
    #expect(source.createdTypes == [.default, .swProtected])
    #expect(report.probedVMTypes == [.default, .swProtected])
    #expect(report.vmCreationErrnos.isEmpty)
    #expect(report.capability(.memoryAttributes)?.typeValues == [.default: 0, .swProtected: 8])
    #expect(report.capability(.memoryAttributes)?.systemValue == 8)
    #expect(report.value(.guestMemfd, on: .swProtected) == 1)
    #expect(report.value(.guestMemfd, on: .default) == 0)
    #expect(report.value(.guestMemfd, on: .snp) == nil)
    #expect(report.value(.guestMemfd) == 0, "the default VM's value, as before")
    #expect(report.convertsPrivateMemory(on: .swProtected))
    #expect(!report.convertsPrivateMemory(on: .default))
    #expect(report.conversionVMType == .swProtected)
    #expect(
      report.capability(.guestMemfd)?.meaning
        == "default: no guest_memfd; sw-protected: KVM_CREATE_GUEST_MEMFD available")
    #expect(report.capability(.userMemory2)?.meaning == "KVM_SET_USER_MEMORY_REGION2 available")
    #expect(
      report.summary
        == "kvm API 12 · sw-protected: gmem flags none, memory attributes PRIVATE · default: no guest_memfd, no "
        + "memory attributes · pre-fault · VM types default,sw-protected")
  }

  @Test func hostKernelKeepsItsOneLineSummary() throws {
    let source = FakeCapabilitySource.host()
    let report = try upstream.probe(source)
    #expect(source.createdTypes == [.default])
    #expect(report.probedVMTypes == [.default])
    #expect(report.conversionVMType == nil)
    #expect(report.capability(.guestMemfdFlags)?.typeValues == [.default: 3])
    #expect(
      report.summary
        == "kvm API 12 · gmem flags MMAP|INIT_SHARED · no memory attributes · no pre-fault · VM types default")
  }

  @Test func withoutVMTypesOnlyTheDefaultVMIsAsked() throws {
    let source = FakeCapabilitySource.host()
    source.system[235] = 0
    let report = try upstream.probe(source)
    #expect(source.createdTypes == [.default])
    #expect(report.probedVMTypes == [.default])
    #expect(report.vmTypes == [.default])
  }

  @Test func aTypeWhoseVMCannotBeCreatedIsRecordedWithItsErrno() throws {
    let source = FakeCapabilitySource.lab()
    source.system[235] = 0b10_0011
    source.creationErrnos[.tdx] = EBUSY
    let report = try upstream.probe(source)
    #expect(source.createdTypes == [.default, .swProtected, .tdx])
    #expect(report.vmCreationErrnos == [.tdx: EBUSY])
    #expect(report.vmCreationErrno == nil)
    #expect(report.value(.guestMemfd, on: .tdx) == nil)
    #expect(report.capability(.guestMemfd)?.typeValues[.tdx] == nil)
    #expect(
      report.summary.hasSuffix(
        "default: no guest_memfd, no memory attributes · tdx: no VM (KVM_CREATE_VM: Device or resource busy) · "
          + "pre-fault · VM types default,sw-protected,tdx"))
  }

  @Test func withoutADefaultVMTheSummaryFallsBackToTheSystemValues() throws {
    let source = FakeCapabilitySource.host()
    source.creationErrnos[.default] = ENOMEM
    let report = try upstream.probe(source)
    #expect(report.vmCreationErrno == ENOMEM)
    #expect(report.capability(.guestMemfdFlags)?.vmValue == nil)
    #expect(report.capability(.guestMemfdFlags)?.value == 3)
    #expect(report.capability(.guestMemfdFlags)?.meaning == "guest_memfd flags MMAP|INIT_SHARED")
    #expect(report.summary.hasPrefix("kvm API 12 · gmem flags MMAP|INIT_SHARED · no memory attributes · "))
  }

  @Test func conversionTypeIsOneWhoseAccessFollowsTheAttribute() throws {
    let snpOnly = FakeCapabilitySource.lab()
    snpOnly.system[235] = 0b1_0001
    snpOnly.vms[.snp] = snpOnly.vms[.swProtected]
    let snpReport = try upstream.probe(snpOnly)
    #expect(snpReport.convertsPrivateMemory(on: .snp))
    #expect(snpReport.conversionVMType == nil, "an SNP guest picks the access kind and needs a launched guest")

    let both = FakeCapabilitySource.lab()
    both.system[235] = 0b1_0011
    both.vms[.snp] = both.vms[.swProtected]
    #expect(try upstream.probe(both).conversionVMType == .swProtected)

    let sharedOnly = FakeCapabilitySource.lab()
    sharedOnly.vms[.swProtected]?[233] = 0
    #expect(try upstream.probe(sharedOnly).conversionVMType == nil)
  }

  @Test func typesThatAgreeShareOneGroup() throws {
    let source = FakeCapabilitySource.lab()
    source.system[235] = 0b11_0011
    source.vms[.snp] = source.vms[.swProtected]
    source.vms[.tdx] = source.vms[.swProtected]
    let report = try upstream.probe(source)
    #expect(
      report.headerSummary
        == "sw-protected,snp,tdx: gmem flags none, memory attributes PRIVATE · default: no guest_memfd, no memory "
        + "attributes · pre-fault · VM types default,sw-protected,snp,tdx · kvm API 12")
    #expect(
      report.capability(.memoryAttributes)?.meaning
        == "default: no memory attributes (KVM_SET_MEMORY_ATTRIBUTES unsupported); sw-protected,snp,tdx: "
        + "KVM_SET_MEMORY_ATTRIBUTES accepts PRIVATE")
  }

  @Test func aFailedAPIVersionIsTheProbesError() {
    let source = FakeCapabilitySource.lab()
    source.versionErrno = ENOTTY
    #expect(throws: KVMError.ioctlFailed(request: "KVM_GET_API_VERSION", errno: ENOTTY)) {
      try upstream.probe(source)
    }
    #expect(source.createdTypes.isEmpty)
  }

  @Test func configuredCapabilitiesCountWhenSomeTypeReportsThem() throws {
    let source = FakeCapabilitySource.lab()
    source.vms[.swProtected]?[249] = 8
    let report = try CapabilityProbe().probe(source)
    #expect(report.summary.hasSuffix(" · configured KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES"))
  }
}
