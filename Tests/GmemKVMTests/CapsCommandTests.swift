import GmemTestSupport
import Testing

/// `gmemviz caps` as a user runs it.
struct CapsCommandTests {
  @Test(
    .enabled(if: KVMFixture.isAvailable && BuiltProgram.gmemviz != nil, "/dev/kvm or the gmemviz binary is missing"))
  func printsEveryCapabilityAndTheSummary() {
    let result = BuiltProgram.runGmemviz(["caps"])
    #expect(result.status == 0, "\(result.error)")
    let lines = result.output.split(separator: "\n").map(String.init)
    for name in [
      "KVM_CAP_USER_MEMORY2", "KVM_CAP_MEMORY_FAULT_INFO", "KVM_CAP_MEMORY_ATTRIBUTES", "KVM_CAP_GUEST_MEMFD",
      "KVM_CAP_VM_TYPES", "KVM_CAP_PRE_FAULT_MEMORY", "KVM_CAP_GUEST_MEMFD_FLAGS", "KVM_CAP_MEMORY_ATTRIBUTES2",
      "KVM_CAP_GUEST_MEMFD_MEMORY_ATTRIBUTES", "KVM_CAP_GMEM_SHARED_MEM", "KVM_CAP_GMEM_CONVERSION",
      "KVM_CAP_GMEM_HUGETLB",
    ] {
      #expect(lines.contains { $0.hasPrefix(name + " ") }, "no line for \(name)")
    }
    #expect(lines.contains { $0.hasPrefix("KVM_GET_API_VERSION") && $0.hasSuffix("= 12") })
    #expect(lines.last?.hasPrefix("summary: kvm API 12 · ") == true)
    #expect(lines.filter { $0.contains("the number is configuration") }.count == 5)
  }

  @Test(
    .enabled(if: KVMFixture.isAvailable && BuiltProgram.gmemviz != nil, "/dev/kvm or the gmemviz binary is missing"))
  func jsonIsOneObjectPerCapability() {
    let result = BuiltProgram.runGmemviz(["caps", "--json"])
    #expect(result.status == 0, "\(result.error)")
    let lines = result.output.split(separator: "\n")
    #expect(lines.count == 12)
    #expect(lines.allSatisfy { $0.hasPrefix("{\"name\":\"KVM_CAP_") && $0.hasSuffix("\"}") })
    #expect(lines.contains { $0.contains("\"number\":234,") && $0.contains("\"configuration\":false") })
    #expect(lines.allSatisfy { $0.contains(",\"vm_types\":{\"default\":") })
  }

  @Test(.enabled(if: BuiltProgram.gmemviz != nil, "the gmemviz binary is missing"))
  func missingDeviceExitsOneWithTheMessage() {
    let result = BuiltProgram.runGmemviz(["caps", "--device", "/nonexistent/kvm"])
    #expect(result.status == 1)
    #expect(result.output.isEmpty)
    #expect(
      result.error
        == "gmemviz caps: /nonexistent/kvm: No such file or directory (KVM is not available here; the model backend "
        + "still works)\n")
  }
}
