import GmemModel

extension KernelFeatures {
  /// Asks the running kernel through `devicePath`: KVM_CAP_VM_TYPES on /dev/kvm, then, on a fresh VM of each type
  /// listed, KVM_CAP_GUEST_MEMFD and KVM_CAP_GUEST_MEMFD_FLAGS. A listed type whose VM cannot be created (no
  /// hardware behind it) is left out, as KVM_CREATE_VM refuses it. Every fd is closed before this returns.
  /// Throws when `devicePath` cannot be opened or no default VM can be created.
  public static func probe(devicePath: String = "/dev/kvm") throws(KVMError) -> KernelFeatures {
    let first = try KVMVirtualMachine(devicePath: devicePath, type: .default)
    let listed = UInt64(max(0, (try? first.checkExtension(KVMCapabilityDefinition.vmTypes.number)) ?? 0)) | 1
    var types: [VMType: VMFeatures] = [.default: features(of: first)]
    for type in VMType.allCases where type != .default && listed & (1 << type.value) != 0 {
      guard let vm = try? KVMVirtualMachine(devicePath: devicePath, type: type) else { continue }
      types[type] = features(of: vm)
    }
    return KernelFeatures(vmTypes: types)
  }

  /// What `vm` reports; a check that fails counts as 0, as for a capability the kernel does not know.
  private static func features(of vm: KVMVirtualMachine) -> VMFeatures {
    let guestMemfd = (try? vm.checkExtension(KVMCapabilityDefinition.guestMemfd.number)) ?? 0
    let flags = (try? vm.checkExtension(KVMCapabilityDefinition.guestMemfdFlags.number)) ?? 0
    return VMFeatures(guestMemfd: guestMemfd > 0, guestMemfdFlags: UInt64(max(0, flags)))
  }
}
