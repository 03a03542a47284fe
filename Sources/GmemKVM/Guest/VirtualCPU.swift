import CGmemSys

#if canImport(Glibc)
  import Glibc
#endif

/// vCPU 0 of a VM: the fd of KVM_CREATE_VCPU and its shared kvm_run area (KVM_GET_VCPU_MMAP_SIZE bytes, 12288
/// here). Its CPUID is the one KVM supports, so the guest's MAXPHYADDR is the host's (48 bits here) instead of the 36
/// KVM assumes without CPUID leaf 0x80000008; gpas above 64 GiB need that. The area is unmapped and the fd closed
/// when the value is released; KVM frees the vCPU itself with the VM.
final class VirtualCPU {
  /// The vCPU fd.
  let fd: Int32
  private let run: UnsafeMutablePointer<gmem_kvm_run>
  private let runSize: Int

  /// Creates vCPU `id` of the VM `vmFD`, whose /dev/kvm fd is `kvmFD`. Every fd and mapping is released again when
  /// this throws.
  init(kvmFD: Int32, vmFD: Int32, id: UInt = 0) throws(KVMError) {
    let size = try syscall(.ioctl("KVM_GET_VCPU_MMAP_SIZE")) { gmem_ioctl_int(kvmFD, GMEM_KVM_GET_VCPU_MMAP_SIZE, 0) }
    guard size >= MemoryLayout<gmem_kvm_run>.size else {
      throw .ioctlFailed(request: "KVM_GET_VCPU_MMAP_SIZE", errno: EINVAL)
    }
    let vcpu = Int32(try syscall(.ioctl("KVM_CREATE_VCPU")) { gmem_ioctl_int(vmFD, GMEM_KVM_CREATE_VCPU, id) })
    let area: UnsafeMutableRawPointer
    do {
      try syscall(.ioctl("KVM_SET_CPUID2")) { gmem_kvm_set_supported_cpuid(kvmFD, vcpu) }
      area = try mapMemory(
        .call("mmap(kvm_run)"), length: size, protection: PROT_READ | PROT_WRITE, flags: MAP_SHARED, fd: vcpu)
    } catch {
      closeDescriptor(vcpu)
      throw error
    }
    fd = vcpu
    run = area.bindMemory(to: gmem_kvm_run.self, capacity: 1)
    runSize = size
  }

  deinit {
    unmapMemory(run, length: runSize)
    closeDescriptor(fd)
  }

  /// KVM_SET_REGS.
  func setRegisters(_ registers: gmem_kvm_regs) throws(KVMError) {
    var registers = registers
    try syscall(.ioctl("KVM_SET_REGS")) { gmem_ioctl_ptr(fd, GMEM_KVM_SET_REGS, &registers) }
  }

  /// KVM_GET_REGS.
  func registers() throws(KVMError) -> gmem_kvm_regs {
    var registers = gmem_kvm_regs()
    try syscall(.ioctl("KVM_GET_REGS")) { gmem_ioctl_ptr(fd, GMEM_KVM_GET_REGS, &registers) }
    return registers
  }

  /// KVM_GET_SREGS.
  func specialRegisters() throws(KVMError) -> gmem_kvm_sregs {
    var registers = gmem_kvm_sregs()
    try syscall(.ioctl("KVM_GET_SREGS")) { gmem_ioctl_ptr(fd, GMEM_KVM_GET_SREGS, &registers) }
    return registers
  }

  /// KVM_SET_SREGS.
  func setSpecialRegisters(_ registers: gmem_kvm_sregs) throws(KVMError) {
    var registers = registers
    try syscall(.ioctl("KVM_SET_SREGS")) { gmem_ioctl_ptr(fd, GMEM_KVM_SET_SREGS, &registers) }
  }

  /// KVM_RUN until the guest exits to userspace (a signal's EINTR is retried). KVM_EXIT_MEMORY_FAULT comes with
  /// KVM_RUN failing EFAULT and is returned as an exit; any other failure throws.
  func runUntilExit() throws(KVMError) -> VirtualCPUExit {
    do {
      try syscall(.ioctl("KVM_RUN"), retryingInterrupts: true) { gmem_ioctl_int(fd, GMEM_KVM_RUN, 0) }
    } catch {
      guard error.errno == EFAULT, run.pointee.exit_reason == GMEM_KVM_EXIT_MEMORY_FAULT else { throw error }
    }
    return VirtualCPUExit(run.pointee)
  }

  /// Completes the access an MMIO exit left pending, without entering the guest: KVM_RUN with immediate_exit set
  /// finishes the emulated instruction (a load takes the zeros in kvm_run.mmio.data) and returns EINTR. Without
  /// this, the next KVM_RUN would resume the old instruction over freshly set registers.
  func completePendingAccess() throws(KVMError) {
    run.pointee.immediate_exit = 1
    defer { run.pointee.immediate_exit = 0 }
    // Each round completes one access; an instruction that is not finished by it exits again.
    for _ in 0..<Self.completionRounds {
      run.pointee.mmio.data = (0, 0, 0, 0, 0, 0, 0, 0)
      do {
        try syscall(.ioctl("KVM_RUN (immediate_exit)")) { gmem_ioctl_int(fd, GMEM_KVM_RUN, 0) }
      } catch {
        guard error.errno == EINTR else { throw error }
        return
      }
    }
    throw .ioctlFailed(request: "KVM_RUN (immediate_exit)", errno: EAGAIN)
  }

  /// Rounds of completion before giving up: the guest program's loads that can exit are single 8-byte moves.
  private static let completionRounds = 16
}
