import CGmemSys
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// A VM on the running kernel: /dev/kvm and the fd of KVM_CREATE_VM. Both fds are closed when the VM is released.
/// Guest_memfds created from it stay valid after that (the kernel keeps the file alive).
public final class KVMVirtualMachine {
  /// The /dev/kvm fd.
  public let kvmFD: Int32
  /// The VM fd.
  public let vmFD: Int32
  /// The KVM_CREATE_VM machine type.
  public let type: VMType
  /// vCPU 0 and the scratch memslot of guest accesses, made on the first one; released with the VM.
  var guestAccessProgram: GuestAccessProgram?

  /// Opens `devicePath` and creates a VM of `type`. Every fd opened is closed again when this throws.
  public init(devicePath: String = "/dev/kvm", type: VMType = .default) throws(KVMError) {
    let kvm = try openDevice(devicePath)
    do {
      vmFD = Int32(try syscall(.ioctl("KVM_CREATE_VM")) { gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, UInt(type.value)) })
    } catch {
      closeDescriptor(kvm)
      throw error
    }
    kvmFD = kvm
    self.type = type
  }

  deinit {
    guestAccessProgram = nil
    closeDescriptor(vmFD)
    closeDescriptor(kvmFD)
  }

  /// KVM_CHECK_EXTENSION on the VM fd: the value (0 for a capability the kernel does not know). A failure names
  /// the capability as `name`, when given.
  public func checkExtension(_ number: UInt32, name: String? = nil) throws(KVMError) -> Int {
    try CapabilityProbe.check(fd: vmFD, number, name: name)
  }

  /// KVM_CREATE_GUEST_MEMFD of `size` bytes with `flags` (GUEST_MEMFD_FLAG_*).
  public func createGuestMemfd(size: UInt64, flags: UInt64) throws(KVMError) -> GuestMemfd {
    var request = gmem_kvm_create_guest_memfd()
    request.size = size
    request.flags = flags
    let fd = try syscall(.ioctl("KVM_CREATE_GUEST_MEMFD")) {
      gmem_ioctl_ptr(vmFD, GMEM_KVM_CREATE_GUEST_MEMFD, &request)
    }
    return GuestMemfd(fd: Int32(fd), size: size, flags: flags)
  }
}
