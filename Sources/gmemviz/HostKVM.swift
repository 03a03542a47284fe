#if canImport(Glibc)
  import Glibc
#endif

/// What kind of KVM this host runs, as far as `diff` needs to know.
enum HostKVM {
  /// True when the kvm_pvm module is loaded: the PVM KVM of kernel-here.md §0, under which the kvm backend's guest is
  /// emulated instruction by instruction, so its accesses go through the memslot's userspace_addr (§6).
  static var emulatesGuestAccesses: Bool { access("/sys/module/kvm_pvm", F_OK) == 0 }
}
