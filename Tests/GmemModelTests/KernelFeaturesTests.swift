import GmemModel
import Testing

/// The upstream profile follows the kernel it is compared with (`ModelSettings.kernel`).
@Suite
struct KernelFeaturesTests {
  static func apply(_ commands: [Command], _ settings: ModelSettings) -> [OperationResult] {
    let model = GuestMemfdModel(settings: settings)
    return commands.map { model.apply($0) }
  }

  static let lab = ModelSettings(kernel: .linux612SWProtected)

  @Test func flagsTheKernelLacksAreEINVAL() {
    let mmap = GmemSpec(size: 4 << 20, flagNames: [.mmap])
    let results = Self.apply(
      [.profile(.upstream), .vm(.swProtected), .gmem(mmap), .gmem(GmemSpec(size: 4 << 20))], Self.lab)
    #expect(results[2].outcome == .errno(.EINVAL, at: nil))
    #expect(
      results[2].detail
        == "flag bit 0 is not in KVM_CAP_GUEST_MEMFD_FLAGS (0x0) of the kernel compared for a sw-protected VM")
    #expect(results[3].outcome == .ok)
    // The design as written (Linux 6.18) has the flag.
    let designed = Self.apply([.profile(.upstream), .vm(.swProtected), .gmem(mmap)], ModelSettings())
    #expect(designed[2].outcome == .ok)
  }

  @Test func vmTypesTheKernelLacksAreEINVAL() {
    let results = Self.apply([.profile(.upstream), .vm(.sev)], Self.lab)
    #expect(results[1].outcome == .errno(.EINVAL, at: nil))
    #expect(
      results[1].detail == "KVM_CAP_VM_TYPES of the kernel compared lists default,sw-protected: no sev VMs (type 2)")
  }

  @Test func bindingOnAVMWithoutGuestMemfdIsEINVAL() {
    let results = Self.apply(
      [.profile(.upstream), .vm(.default), .gmem(GmemSpec(size: 4 << 20)), .bind(BindSpec(gpa: 1 << 32))], Self.lab)
    #expect(results[2].outcome == .ok)
    #expect(results[3].outcome == .errno(.EINVAL, at: nil))
  }

  @Test func otherProfilesIgnoreTheKernel() {
    let results = Self.apply([.profile(.inplace), .vm(.sev)], Self.lab)
    #expect(results[1].outcome == .ok)
  }
}
