import CGmemSys
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// The real backend: commands go to Linux 6.18 guest_memfd through KVM ioctls, fallocate, mmap and madvise, and the
/// page state is read back from the kernel after every command (cachestat, mincore, /proc/self/pagemap), never
/// assumed.
///
/// One VM and one guest_memfd at a time, mapped by this process only (`process=1`). Every fd and mapping is
/// released when the backend is, and on errors. No host access can raise a signal: each page is populated with
/// MADV_POPULATE_READ/WRITE first, and EFAULT from that is reported as `SIGBUS at` the page, untouched.
///
/// `bind` passes the file's own mapping at the bound offset as `userspace_addr` (what this kernel needs for guest
/// accesses to land in the file). An MMAP file that is not mapped yet is mapped first (process 1); a file without
/// MMAP cannot be mapped, so its memslot gets `userspace_addr` 0 (the kernel accepts it; guest accesses then exit
/// to userspace as MMIO).
///
/// Not built yet: guest read/write and pin/unpin. `share`/`private` need KVM_CAP_MEMORY_ATTRIBUTES, which this
/// kernel reports as 0.
public final class KVMBackend: Backend, StateView {
  /// The KVM device.
  public let devicePath: String
  var machine: KVMVirtualMachine?
  var gmem: GuestMemfd?
  var mapping: GuestMemfdMapping?
  /// The file's size and flags while it exists (open, or closed but still mapped).
  var file: (size: UInt64, flags: UInt64)?
  var slots: [Memslot] = []
  var store: PageStore?
  var events: [Event] = []

  /// A backend on `devicePath`. Nothing is opened until `vm` or `gmem`.
  public init(devicePath: String = "/dev/kvm") {
    self.devicePath = devicePath
  }

  /// nil when `devicePath` can be opened read-write; otherwise why not (ENOENT, EACCES, ...).
  public static func deviceProblem(devicePath: String = "/dev/kvm") -> KVMError? {
    let fd = gmem_open(devicePath, O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return .cannotOpen(path: devicePath, errno: -fd) }
    _ = gmem_close(fd)
    return nil
  }

  deinit {
    // The mapping first, then the gmem fd, then the VM: each drop releases what it holds.
    mapping = nil
    gmem = nil
    machine = nil
  }

  /// `kvm`.
  public var name: String { "kvm" }
  /// This backend.
  public var view: any StateView { self }

  /// Applies `command` to the kernel, then rescans the file's pages.
  public func apply(_ command: Command) -> OperationResult {
    events = []
    let before = store?.totals
    let outcome: Outcome
    var detail: String?
    do {
      outcome = try perform(command)
    } catch {
      outcome = error.outcome
      detail = error.detail
    }
    rescan()
    noteChanges(from: before, command: command)
    let result = OperationResult(outcome: outcome, detail: detail, events: events)
    events = []
    return result
  }

  /// Reads the page state of the file back from the kernel.
  public func rescan() {
    guard let file else {
      store = nil
      return
    }
    store = KernelPageScanner.scan(
      size: file.size, gmem: gmem, mapping: mapping, faultable: file.flags & GmemFlags.upstreamInitShared != 0)
  }

  /// Events for what the rescan saw change: pages allocated or freed, host PTEs mapped or zapped.
  private func noteChanges(from before: PageCounts?, command: Command) {
    guard let after = store?.totals, let before else { return }
    let range = command.range ?? FileRange(offset: 0, length: file?.size ?? 0)
    if after.allocated > before.allocated {
      events.append(.allocated(range, folios: after.allocated - before.allocated, backing: .base4K))
    } else if after.allocated < before.allocated {
      events.append(.freed(range, folios: before.allocated - after.allocated, backing: .base4K))
    }
    if after.mapped > before.mapped {
      events.append(.hostPTEsMapped(range, process: 1, pages: after.mapped - before.mapped))
    } else if after.mapped < before.mapped {
      events.append(.hostPTEsUnmapped(range, process: 1, pages: before.mapped - after.mapped))
    }
  }

  private func perform(_ command: Command) throws(KVMBackendFailure) -> Outcome {
    switch command {
    case .profile(let profile): return try setProfile(profile)
    case .vm(let type): return try createVM(type)
    case .pool:
      throw KVMBackendFailure(
        .unsupported("Linux 6.18 guest_memfd has no HugeTLB backing; `pool` is a model setting"),
        "the kvm backend does not change the host's hugepage pools")
    case .gmem(let spec): return try createGmem(spec)
    case .bind(let spec): return try bind(spec)
    case .unbind(let slot): return try unbind(slot: slot ?? 1)
    case .mmap(let process): return try map(process: process)
    case .munmap(let process): return try unmap(process: process)
    case .close: return try closeFile()
    case .allocate(let range): return try fallocate(range, punch: false)
    case .punch(let range): return try fallocate(range, punch: true)
    case .convert(_, let to, _): return try convert(to: to)
    case .hostRead(let range, let process): return try hostAccess(range, write: nil, process: process)
    case .hostWrite(let range, let byte, let process): return try hostAccess(range, write: byte, process: process)
    case .dontneed(let range, let process): return try advise(range, MADV_DONTNEED, "MADV_DONTNEED", process)
    case .remove(let range, let process): return try advise(range, MADV_REMOVE, "MADV_REMOVE", process)
    case .guestRead, .guestWrite:
      throw KVMBackendFailure(
        .unsupported("guest access through a vCPU is not built yet in the kvm backend"),
        "the vCPU that touches bound pages is still to come")
    case .pin, .unpin:
      throw KVMBackendFailure(
        .unsupported("pins through io_uring registered buffers are not built yet in the kvm backend"),
        "io_uring IORING_REGISTER_BUFFERS is still to come")
    }
  }
}
