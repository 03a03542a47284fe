import GmemKVM
import GmemModel
import Testing

@testable import gmemviz

#if canImport(Glibc)
  import Glibc
#endif

/// What `gmemviz caps` prints for a report, text and JSON, without /dev/kvm.
struct CapsOutputTests {
  private let definitions = [KVMCapabilityDefinition.guestMemfd, .vmTypes]

  @Test func jsonGivesTheValueOnAVMOfEachListedType() throws {
    let report = try CapabilityProbe(definitions: definitions).probe(FakeCapabilitySource.lab())
    let lines = report.capabilities.map { CapsOutput.json($0, types: report.probedVMTypes) }
    #expect(
      lines[0]
        == "{\"name\":\"KVM_CAP_GUEST_MEMFD\",\"number\":234,\"value\":0,\"system\":1,\"vm\":0,"
        + "\"vm_types\":{\"default\":0,\"sw-protected\":1},\"configuration\":false,\"origin\":\"Linux 6.18 uapi\","
        + "\"meaning\":\"default: no guest_memfd; sw-protected: KVM_CREATE_GUEST_MEMFD available\"}")
    #expect(lines[1].contains("\"vm_types\":{\"default\":3,\"sw-protected\":3},"))
  }

  @Test func jsonHasNullForATypeWhoseVMCouldNotBeCreated() throws {
    let source = FakeCapabilitySource.lab()
    source.creationErrnos[.swProtected] = EPERM
    let report = try CapabilityProbe(definitions: definitions).probe(source)
    #expect(
      CapsOutput.json(report.capabilities[0], types: report.probedVMTypes)
        .contains("\"vm\":0,\"vm_types\":{\"default\":0,\"sw-protected\":null},"))
  }

  @Test func textHasAColumnPerTypeAndNamesWhatEachSupports() throws {
    let report = try CapabilityProbe(definitions: definitions).probe(FakeCapabilitySource.lab())
    #expect(
      CapsOutput.text(report) == [
        "KVM_GET_API_VERSION     = 12",
        "                          system default sw-protected",
        "KVM_CAP_GUEST_MEMFD 234 = 1      0       1            default: no guest_memfd; sw-protected: "
          + "KVM_CREATE_GUEST_MEMFD available",
        "KVM_CAP_VM_TYPES    235 = 3      3       3            VM types default,sw-protected",
        "summary: kvm API 12 · sw-protected: gmem flags none, no memory attributes · default: no guest_memfd, no "
          + "memory attributes · no pre-fault · VM types default,sw-protected",
      ])
  }

  @Test func textNamesATypeWhoseVMCouldNotBeCreated() throws {
    let source = FakeCapabilitySource.lab()
    source.creationErrnos[.swProtected] = EPERM
    let text = CapsOutput.text(try CapabilityProbe(definitions: definitions).probe(source))
    #expect(text.contains("KVM_CAP_GUEST_MEMFD 234 = 1      0       -            no guest_memfd"))
    #expect(text.contains("(KVM_CREATE_VM(1) for sw-protected failed: Operation not permitted)"))
    #expect(text.last?.contains(" · sw-protected: no VM (KVM_CREATE_VM: Operation not permitted) · ") == true)
  }
}
