/// Host processes, as the command language numbers them (`process=P`).
public enum HostProcess {
  /// The VMM: process 1, the process a command means when it names none, and the one whose mapping pins, guest
  /// accesses through `userspace_addr` and the kvm backend (this process) use.
  public static let vmm = 1
}
