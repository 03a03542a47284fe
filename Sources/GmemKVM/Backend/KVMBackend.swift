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
/// `bind` of an MMAP file passes the file's own mapping at the bound offset as `userspace_addr` (an MMAP file that is
/// not mapped yet is mapped first, in process 1), so shared guest accesses land in the file. A file without MMAP
/// cannot be mapped: its memslot gets its own anonymous shared memory as `userspace_addr`, as mainline's
/// private_mem_conversions_test does, and shared guest accesses land there while private ones reach the file.
///
/// `pin`/`unpin` register the pages as io_uring buffers (Pins/KVMBackend+Pin.swift); `guest read`/`guest write` run
/// vCPU 0 over the bound gpas (Guest/KVMBackend+GuestAccess.swift). `share`/`private` set KVM_SET_MEMORY_ATTRIBUTES
/// where the kernel has memory attributes (Backend/KVMBackend+Conversion.swift); KVM cannot report them back, so the
/// attribute shown per page is the one this backend set (`AttributeRecord`).
public final class KVMBackend: Backend, StateView {
  /// The KVM device.
  public let devicePath: String
  var machine: KVMVirtualMachine?
  var gmem: GuestMemfd?
  /// After `close` while the file is still mapped: a duplicate of its fd that only the scans use (cachestat needs
  /// an fd; without one every chunk of the mapping would be read with mincore).
  var heldForScans: GuestMemfd?
  var mapping: GuestMemfdMapping?
  /// The file's size and flags while it exists (open, or closed but still mapped).
  var file: (size: UInt64, flags: UInt64)? {
    didSet { if file == nil, let oldValue { releasePins(ofEvictedFile: Int(oldValue.size / GuestMemfd.pageSize)) } }
  }
  var slots: [Memslot] = []
  /// The anonymous shared memory of each memslot of a file without MMAP, by slot number.
  var sharedBackings: [Int: SharedBacking] = [:]
  /// The memory attributes this backend set.
  var attributes = AttributeRecord()
  var store: PageStore?
  var events: [Event] = []
  /// The long-term pins this backend took (io_uring registered buffers), and their orphans.
  var pins = PinTable()
  /// Called between chunks of long operations (see `ReportsProgress`).
  public var onProgress: ((OperationProgress) -> Bool)?
  /// Whether the last operation was stopped through `onProgress` (see `ReportsProgress`).
  public internal(set) var wasStopped = false

  /// A backend on `devicePath`. Nothing is opened until `vm` or `gmem`.
  public init(devicePath: String = "/dev/kvm") {
    self.devicePath = devicePath
  }

  /// nil when `devicePath` can be opened read-write and answers KVM_GET_API_VERSION; otherwise why not (ENOENT,
  /// EACCES, or ENOTTY for a file that is not a KVM device, such as /dev/null).
  public static func deviceProblem(devicePath: String = "/dev/kvm") -> KVMError? {
    do {
      let fd = try openDevice(devicePath)
      defer { closeDescriptor(fd) }
      try syscall(.ioctl("KVM_GET_API_VERSION on \(devicePath)")) { gmem_ioctl_int(fd, GMEM_KVM_GET_API_VERSION, 0) }
      return nil
    } catch {
      return error
    }
  }

  deinit {
    // The mapping first, then the gmem fd, then the VM, then the memory its memslots pointed to.
    mapping = nil
    gmem = nil
    machine = nil
    sharedBackings = [:]
  }

  /// `kvm`.
  public var name: String { "kvm" }
  /// This backend.
  public var view: any StateView { self }

  /// Applies `command` to the kernel, then rescans the file's pages.
  public func apply(_ command: Command) -> OperationResult {
    events = []
    wasStopped = false
    let before = store?.totals
    let (outcome, detail) = OperationFailure.settle { () throws(OperationFailure) in try perform(command) }
    if let range = command.range {
      rescan(touching: range)
    } else {
      rescan()
    }
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
    store = overlayAttributes(
      on: overlayPins(
        on: KernelPageScanner.scan(
          size: file.size, gmem: gmem ?? heldForScans, mapping: mapping,
          faultable: file.flags & GmemFlags.upstreamInitShared != 0)))
  }

  /// Reads back only the 2 MiB chunks that `range` touches, after an operation that can only have changed those
  /// pages, so its cost follows the range rather than the file; the whole file when nothing was scanned yet.
  func rescan(touching range: FileRange) {
    guard let file, let store, store.pageCount == Int(file.size / GuestMemfd.pageSize) else { return rescan() }
    let (end, overflow) = range.offset.addingReportingOverflow(range.length)
    KernelPageScanner.scan(
      into: store, range: range.offset..<(overflow ? UInt64.max : end), size: file.size, gmem: gmem ?? heldForScans,
      mapping: mapping, faultable: file.flags & GmemFlags.upstreamInitShared != 0)
    self.store = overlayAttributes(on: overlayPins(on: store))
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
      events.append(.hostPTEsMapped(range, process: HostProcess.vmm, pages: after.mapped - before.mapped))
    } else if after.mapped < before.mapped {
      events.append(.hostPTEsUnmapped(range, process: HostProcess.vmm, pages: before.mapped - after.mapped))
    }
  }

  private func perform(_ command: Command) throws(OperationFailure) -> Outcome {
    switch command {
    case .profile(let profile): return try setProfile(profile)
    case .vm(let type): return try createVM(type)
    case .pool:
      throw OperationFailure(
        .unsupported("Linux 6.18 guest_memfd has no HugeTLB backing; `pool` is a model setting"),
        "the kvm backend does not change the host's hugepage pools")
    case .gmem(let spec): return try createGmem(spec)
    case .bind(let spec): return try bind(spec)
    case .unbind(let slot): return try unbind(slot: slot ?? Memslot.defaultSlot)
    case .mmap(let process): return try map(process: process)
    case .munmap(let process): return try unmap(process: process)
    case .close: return try closeFile()
    case .allocate(let range): return try fallocate(range, punch: false)
    case .punch(let range):
      return try orphaningPins(in: range) { () throws(OperationFailure) in try fallocate(range, punch: true) }
    case .convert(let range, let to, let content): return try convert(range, to: to, content: content)
    case .hostRead(let range, let process): return try hostAccess(range, write: nil, process: process)
    case .hostWrite(let range, let byte, let process): return try hostAccess(range, write: byte, process: process)
    case .dontneed(let range, let process): return try advise(range, MADV_DONTNEED, "MADV_DONTNEED", process)
    case .remove(let range, let process):
      return try orphaningPins(in: range) { () throws(OperationFailure) in
        try advise(range, MADV_REMOVE, "MADV_REMOVE", process)
      }
    case .guestRead(let range, let access): return try guestAccess(range, write: nil, access: access)
    case .guestWrite(let range, let byte, let access): return try guestAccess(range, write: byte, access: access)
    case .pin(let range): return try pin(range)
    case .unpin(let range): return try unpin(range)
    }
  }
}
