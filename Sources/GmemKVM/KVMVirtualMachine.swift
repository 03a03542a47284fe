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
    let kvm = gmem_open(devicePath, O_RDWR | O_CLOEXEC)
    guard kvm >= 0 else { throw .cannotOpen(path: devicePath, errno: -kvm) }
    let vm = gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, UInt(type.value))
    guard vm >= 0 else {
      _ = gmem_close(kvm)
      throw .ioctlFailed(request: "KVM_CREATE_VM", errno: Int32(-vm))
    }
    kvmFD = kvm
    vmFD = Int32(vm)
    self.type = type
  }

  deinit {
    guestAccessProgram = nil
    _ = gmem_close(vmFD)
    _ = gmem_close(kvmFD)
  }

  /// KVM_CHECK_EXTENSION on the VM fd: the value, or the negated errno.
  public func checkExtension(_ number: UInt32) -> Int {
    gmem_ioctl_int(vmFD, GMEM_KVM_CHECK_EXTENSION, UInt(number))
  }

  /// KVM_CREATE_GUEST_MEMFD of `size` bytes with `flags` (GUEST_MEMFD_FLAG_*).
  public func createGuestMemfd(size: UInt64, flags: UInt64) throws(KVMError) -> GuestMemfd {
    var request = gmem_kvm_create_guest_memfd()
    request.size = size
    request.flags = flags
    let fd = gmem_ioctl_ptr(vmFD, GMEM_KVM_CREATE_GUEST_MEMFD, &request)
    guard fd >= 0 else { throw .ioctlFailed(request: "KVM_CREATE_GUEST_MEMFD", errno: Int32(-fd)) }
    return GuestMemfd(fd: Int32(fd), size: size, flags: flags)
  }
}
