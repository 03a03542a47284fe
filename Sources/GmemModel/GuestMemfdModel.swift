/// The in-process model of guest_memfd: a deterministic state machine over one VM and one guest_memfd,
/// following the profile's kernel design (spec §1–§3). No I/O, no clocks.
///
/// `apply` takes one command and returns its outcome and the kernel's events; the state is read through the
/// `StateView` methods. `copy()` snapshots everything, for undo and timelines.
public final class GuestMemfdModel {
  /// Policies the spec leaves open.
  public let settings: ModelSettings
  /// The kernel design.
  @exclusivity(unchecked) public internal(set) var profile: Profile = .rfc1 {
    didSet { policy = profile.policy }
  }
  /// The design's rules, `profile.policy`, kept at hand: conversions read them several times each.
  @exclusivity(unchecked) private(set) var policy = Profile.rfc1.policy
  /// The VM, once created.
  @exclusivity(unchecked) public internal(set) var vm: VMType?
  /// Free huge pages in the host pool, per size (`free_hugepages`).
  public internal(set) var poolFree: [Backing: Int] = [:]
  /// Reserved huge pages in the host pool, per size (`resv_hugepages`).
  public internal(set) var poolResv: [Backing: Int] = [:]
  /// Sizes whose pool the script set with `pool`.
  var poolSet: Set<Backing> = []
  /// The file, from `gmem` until the inode is evicted.
  @exclusivity(unchecked) public internal(set) var file: GmemFile?
  /// Memslots binding the file.
  @exclusivity(unchecked) public internal(set) var memslots: [Memslot] = []
  /// The VM's attribute array (rfc1, upstream).
  @exclusivity(unchecked) public internal(set) var memAttrs = MemAttrArray()
  /// Commands applied so far.
  @exclusivity(unchecked) public internal(set) var sequence = 0
  /// The last failed operation: its sequence number, command, outcome and why.
  public internal(set) var lastFailure: (sequence: Int, command: String, outcome: Outcome, detail: String)?
  /// Events of the command being applied.
  @exclusivity(unchecked) var events: [Event] = []
  /// The command being applied, for split causes and failures.
  @exclusivity(unchecked) var currentCommand: Command = .close
  /// Asked every ``progressInterval`` units of a long operation's work (a huge page split, allocated or freed, a
  /// chunk of a guest access); when it returns false the operation stops there with EINTR, and ``wasStopped`` says
  /// so. The model's state is then partway through the operation: the caller (the TUI) goes back to its copy.
  @exclusivity(unchecked) public var onProgress: ((OperationProgress) -> Bool)?
  /// Whether the last command was stopped through ``onProgress``.
  @exclusivity(unchecked) public private(set) var wasStopped = false
  /// Whether a conversion of one page takes `convertPage` (off, it takes the range path: for the test that
  /// compares the two).
  var onePageConversions = true
  /// Units of work done by the command being applied.
  @exclusivity(unchecked) private var progressTicks = 0
  /// How many units of work pass between two questions to ``onProgress``.
  static let progressInterval = 256

  /// A model with no VM and no file, profile rfc1.
  public init(settings: ModelSettings = ModelSettings()) {
    self.settings = settings
  }

  /// A deep copy.
  public func copy() -> GuestMemfdModel {
    let m = GuestMemfdModel(settings: settings)
    m.profile = profile
    m.vm = vm
    m.poolFree = poolFree
    m.poolResv = poolResv
    m.poolSet = poolSet
    m.file = file?.copy()
    m.memslots = memslots
    m.memAttrs = memAttrs
    m.sequence = sequence
    m.lastFailure = lastFailure
    return m
  }

  /// Applies one command.
  public func apply(_ command: Command) -> OperationResult {
    sequence += 1
    wasStopped = false
    progressTicks = 0
    // The buffer the last result took is reused once its caller has dropped it (no allocation per command).
    events.removeAll(keepingCapacity: true)
    currentCommand = command
    do {
      let outcome = try perform(command)
      if !outcome.succeeded { lastFailure = (sequence, command.summary, outcome, outcome.text) }
      return OperationResult(outcome: outcome, events: events)
    } catch {
      lastFailure = (sequence, command.summary, error.outcome, error.detail)
      return OperationResult(outcome: error.outcome, detail: error.detail, events: events)
    }
  }

  private func perform(_ command: Command) throws(OperationFailure) -> Outcome {
    switch command {
    case .profile(let p): return try setProfile(p)
    case .vm(let t): return try createVM(t)
    case .pool(let settings): return try setPool(settings)
    case .gmem(let spec): return try createGmem(spec)
    case .bind(let spec): return try bind(spec)
    case .unbind(let slot): return try unbind(slot: slot ?? Memslot.defaultSlot)
    case .mmap(let p): return try mmap(process: p ?? HostProcess.vmm)
    case .munmap(let p): return try munmap(process: p ?? HostProcess.vmm)
    case .close: return try close()
    case .allocate(let r): return try allocate(r)
    case .punch(let r): return try punch(r)
    case .convert(let r, let to, let content): return try convert(r, to: to, content: content)
    case .hostRead(let r, let p): return try hostAccess(r, write: nil, process: p ?? HostProcess.vmm)
    case .hostWrite(let r, let b, let p): return try hostAccess(r, write: b, process: p ?? HostProcess.vmm)
    case .guestRead(let r, let kind): return try guestAccess(r, write: nil, kind: kind)
    case .guestWrite(let r, let b, let kind): return try guestAccess(r, write: b, kind: kind)
    case .pin(let r): return try pin(r)
    case .unpin(let r): return try unpin(r)
    case .dontneed(let r, let p): return try dontneed(r, process: p ?? HostProcess.vmm)
    case .remove(let r, let p): return try remove(r, process: p ?? HostProcess.vmm)
    }
  }

  // MARK: - Helpers shared by the operations

  /// The open file, or EBADF.
  func openFile() throws(OperationFailure) -> GmemFile {
    guard let file else { throw OperationFailure(.EBADF, "no guest_memfd: create one with `gmem`") }
    guard file.isOpen else { throw OperationFailure(.EBADF, "the guest_memfd fd is closed") }
    return file
  }

  /// The memslot binding file offset `off`.
  func memslot(binding off: UInt64) -> Memslot? {
    for i in memslots.indices where memslots[i].binds(offset: off) { return memslots[i] }
    return nil
  }

  /// Page indices of a byte range that lies in the file.
  func pages(_ r: FileRange) -> Range<Int> {
    let t = r.touchedPages
    return Int(t.lowerBound)..<Int(t.upperBound)
  }

  /// Records a pool counter event for the file's backing.
  func notePool(_ backing: Backing) {
    events.append(
      .poolCounters(backing, free: poolFree[backing] ?? 0, resv: poolResv[backing] ?? 0))
  }
}

extension GuestMemfdModel: ReportsProgress {
  /// Counts one unit of a long operation's work (`done` of `total` pages, now at `page`), asking ``onProgress``
  /// every ``progressInterval`` units; throws EINTR at `page` when it says stop.
  func tick(_ call: String, done: Int, of total: Int, at page: Int) throws(OperationFailure) {
    guard onProgress != nil else { return }
    progressTicks &+= 1
    guard progressTicks % Self.progressInterval == 0, let onProgress else { return }
    let progress = OperationProgress(
      call: call, done: Geometry.bytes(ofPages: done), total: Geometry.bytes(ofPages: total))
    guard onProgress(progress) else {
      wasStopped = true
      throw OperationFailure(.EINTR, at: Geometry.offset(ofPage: page), "stopped by the user while \(call)")
    }
  }
}
