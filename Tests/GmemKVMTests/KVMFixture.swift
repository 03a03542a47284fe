import CGmemSys
import GmemKVM
import GmemModel
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Raw KVM calls for the tests: open /dev/kvm, create VMs and guest_memfds, and count KVM fds in /proc/self/fd.
enum KVMFixture {
  /// The device the tests use.
  static let devicePath = "/dev/kvm"

  /// True when /dev/kvm can be opened read-write (it exists and we are permitted).
  static let isAvailable: Bool = {
    let fd = gmem_open(devicePath, O_RDWR | O_CLOEXEC)
    guard fd >= 0 else {
      print("GmemKVMTests: \(devicePath) cannot be opened (errno \(-fd)); the KVM tests are skipped")
      return false
    }
    _ = gmem_close(fd)
    return true
  }()

  /// The capability probe of the running kernel, once; nil without /dev/kvm.
  static let report: CapabilityReport? = isAvailable ? try? CapabilityProbe().probe() : nil

  /// The first VM type with guest_memfd and the KVM_CREATE_GUEST_MEMFD flags it accepts, probed once: `default`
  /// with MMAP|INIT_SHARED on this machine's 6.18, `sw-protected` with none on the lab's 6.12 (whose default VMs
  /// have no guest_memfd). Nil without /dev/kvm or without a type that has guest_memfd.
  static let guestMemfdVM: (type: VMType, flags: UInt64)? = {
    guard let report,
      let type = report.probedVMTypes.first(where: { report.value(.guestMemfd, on: $0) ?? 0 > 0 })
    else { return nil }
    return (type, UInt64(report.value(.guestMemfdFlags, on: type) ?? 0))
  }()

  /// True when a VM of the probed type can be created and has guest_memfd; prints why not once otherwise.
  static let hasGuestMemfd: Bool = {
    if isAvailable, guestMemfdVM == nil {
      print("GmemKVMTests: no VM type of this kernel has guest_memfd; the tests that create one are skipped")
    }
    return guestMemfdVM != nil
  }()

  /// Why the tests of a default VM's mappable guest_memfd (MMAP|INIT_SHARED, Linux 6.18) cannot run here, or nil.
  static let mappableProblem: String? = {
    guard isAvailable else { return "\(devicePath) is absent or cannot be opened" }
    guard let report else { return "the capability probe failed" }
    guard report.value(.guestMemfd, on: .default) ?? 0 > 0 else { return "a default VM has no guest_memfd" }
    let flags = UInt64(report.value(.guestMemfdFlags, on: .default) ?? 0)
    let needed = GuestMemfdFlag.mmap.bit | GuestMemfdFlag.initShared.bit
    guard flags & needed == needed else {
      return "a default VM's guest_memfd takes flags \(GuestMemfdFlag.describe(flags)), not MMAP|INIT_SHARED"
    }
    return nil
  }()

  /// True when a default VM's guest_memfd takes MMAP|INIT_SHARED (Linux 6.18), as the tests of host mappings, pins,
  /// shared guest accesses and `gmemviz attach` need; prints why not once otherwise (the lab's 6.12 has no MMAP).
  static let mapsGuestMemfd: Bool = {
    if let mappableProblem {
      print("GmemKVMTests: the tests of a mapped guest_memfd are skipped: \(mappableProblem)")
    }
    return mappableProblem == nil
  }()

  /// The reason given for a test that needs `mapsGuestMemfd`.
  static let needsMapping: Comment =
    "needs a default VM whose guest_memfd takes MMAP|INIT_SHARED (Linux 6.18); see the printed reason"

  /// A VM of the probed guest_memfd type (`guestMemfdVM`).
  static func guestMemfdMachine() throws -> KVMVirtualMachine {
    try KVMVirtualMachine(type: guestMemfdVM?.type ?? .default)
  }

  /// Opens /dev/kvm; the caller closes it.
  static func openKVM() -> Int32 {
    gmem_open(devicePath, O_RDWR | O_CLOEXEC)
  }

  /// KVM_CREATE_VM(0) on `kvm`: the VM fd or -errno.
  static func createVM(_ kvm: Int32) -> Int32 {
    Int32(gmem_ioctl_int(kvm, GMEM_KVM_CREATE_VM, 0))
  }

  /// KVM_CREATE_GUEST_MEMFD on `vm`: the gmem fd or -errno.
  static func createGuestMemfd(_ vm: Int32, size: UInt64, flags: UInt64) -> Int32 {
    var request = gmem_kvm_create_guest_memfd()
    request.size = size
    request.flags = flags
    return Int32(gmem_ioctl_ptr(vm, GMEM_KVM_CREATE_GUEST_MEMFD, &request))
  }

  /// cachestat nr_cache of [off, off+len) of `fd`, or -errno.
  static func cachedPages(_ fd: Int32, off: UInt64 = 0, len: UInt64 = 0) -> Int64 {
    var out = gmem_cachestat()
    let result = gmem_cachestat(fd, off, len, &out)
    return result < 0 ? Int64(result) : Int64(out.nr_cache)
  }

  /// The number of fds in /proc/self/fd whose link is /dev/kvm or a KVM anon inode (kvm-vm, [kvm-gmem], ...).
  /// Counting only these keeps the count independent of tests in other suites that open files concurrently.
  static func openKVMDescriptors() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != ".." else { continue }
      var buffer = [CChar](repeating: 0, count: 256)
      let length = readlink("/proc/self/fd/" + name, &buffer, buffer.count - 1)
      guard length > 0 else { continue }
      let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if target == devicePath || target.hasPrefix("anon_inode:kvm") || target.hasPrefix("anon_inode:[kvm")
        || target == "anon_inode:[io_uring]"
      {
        count += 1
      }
    }
    return count
  }
}
