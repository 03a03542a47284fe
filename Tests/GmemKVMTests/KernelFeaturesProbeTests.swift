import GmemKVM
import GmemModel
import Testing

extension KVMTests {
  /// `KernelFeatures.probe`, which `diff` gives the model: what each VM type of the running kernel supports.
  @Suite
  struct KernelFeaturesProbeTests {
    @Test(.enabled(if: KVMFixture.isAvailable, "no /dev/kvm here"))
    func theProbeAgreesWithTheCapabilitiesOfEachVMType() throws {
      let features = try KernelFeatures.probe()
      let first = try KVMVirtualMachine(type: .default)
      let listed = try first.checkExtension(KVMCapabilityDefinition.vmTypes.number)
      #expect(features.vmTypes[.default] != nil)
      for type in VMType.allCases where type != .default {
        // A type is in the features only when the kernel lists it (and can create it).
        if features.vmTypes[type] != nil { #expect(UInt64(listed) & (1 << type.value) != 0, "\(type)") }
      }
      for (type, reported) in features.vmTypes {
        let vm = try KVMVirtualMachine(type: type)
        let guestMemfd = try vm.checkExtension(KVMCapabilityDefinition.guestMemfd.number)
        let flags = try vm.checkExtension(KVMCapabilityDefinition.guestMemfdFlags.number)
        #expect(reported == KernelFeatures.VMFeatures(guestMemfd: guestMemfd > 0, guestMemfdFlags: UInt64(flags)))
      }
    }

    @Test func aMissingDeviceIsAnError() {
      #expect(throws: KVMError.cannotOpen(path: "/nonexistent/kvm", errno: 2)) {
        try KernelFeatures.probe(devicePath: "/nonexistent/kvm")
      }
    }
  }
}
