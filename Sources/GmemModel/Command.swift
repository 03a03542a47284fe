/// One state-changing line of the command language (SCENARIO.md "Setup" and "Operations").
///
/// Every backend applies the same commands; expectations and presentation lines are the script layer's.
public enum Command: Equatable, Sendable {
  /// `profile NAME`: the kernel design; only before `vm`.
  case profile(Profile)
  /// `vm TYPE`: KVM_CREATE_VM.
  case vm(VMType)
  /// `pool SIZE=N ...`: the host's free HugeTLB pages per size.
  case pool([PoolSetting])
  /// `gmem SIZE [hugetlb=...] [flags=...]`: KVM_CREATE_GUEST_MEMFD.
  case gmem(GmemSpec)
  /// `bind ...`: KVM_SET_USER_MEMORY_REGION2 with KVM_MEM_GUEST_MEMFD.
  case bind(BindSpec)
  /// `unbind [slot=N]`: delete that memslot.
  case unbind(slot: Int?)
  /// `mmap [process=P]`: the host maps the whole file MAP_SHARED.
  case mmap(process: Int?)
  /// `munmap [process=P]`.
  case munmap(process: Int?)
  /// `close`: close the guest_memfd fd.
  case close
  /// `allocate RANGE`: fallocate(KEEP_SIZE).
  case allocate(FileRange)
  /// `punch RANGE`: fallocate(PUNCH_HOLE | KEEP_SIZE).
  case punch(FileRange)
  /// `share RANGE` / `private RANGE`: a conversion through the profile's API.
  case convert(FileRange, to: Attribute, content: ContentMode?)
  /// `host read RANGE [process=P]`.
  case hostRead(FileRange, process: Int?)
  /// `host write RANGE BYTE [process=P]`.
  case hostWrite(FileRange, byte: UInt8, process: Int?)
  /// `guest read RANGE [as=private|shared]`.
  case guestRead(FileRange, access: AccessKind?)
  /// `guest write RANGE BYTE [as=private|shared]`.
  case guestWrite(FileRange, byte: UInt8, access: AccessKind?)
  /// `pin RANGE`: a long-term GUP pin of the host-mapped pages.
  case pin(FileRange)
  /// `unpin RANGE`.
  case unpin(FileRange)
  /// `dontneed RANGE [process=P]`: MADV_DONTNEED.
  case dontneed(FileRange, process: Int?)
  /// `remove RANGE [process=P]`: MADV_REMOVE.
  case remove(FileRange, process: Int?)

  /// The command's first word(s), as written in a script.
  public var verb: String {
    switch self {
    case .profile: "profile"
    case .vm: "vm"
    case .pool: "pool"
    case .gmem: "gmem"
    case .bind: "bind"
    case .unbind: "unbind"
    case .mmap: "mmap"
    case .munmap: "munmap"
    case .close: "close"
    case .allocate: "allocate"
    case .punch: "punch"
    case .convert(_, let to, _): to == .shared ? "share" : "private"
    case .hostRead: "host read"
    case .hostWrite: "host write"
    case .guestRead: "guest read"
    case .guestWrite: "guest write"
    case .pin: "pin"
    case .unpin: "unpin"
    case .dontneed: "dontneed"
    case .remove: "remove"
    }
  }

  /// The verb and range, for logs and explanations (`share 0x1000+0x1000`).
  public var summary: String { verb + (range.map { " \($0)" } ?? "") }

  /// The file range the command acts on, if any.
  public var range: FileRange? {
    switch self {
    case .allocate(let r), .punch(let r), .convert(let r, _, _), .hostRead(let r, _),
      .hostWrite(let r, _, _),
      .guestRead(let r, _), .guestWrite(let r, _, _), .pin(let r), .unpin(let r),
      .dontneed(let r, _),
      .remove(let r, _):
      r
    default: nil
    }
  }
}

/// One `SIZE=N` of a `pool` line.
public struct PoolSetting: Equatable, Sendable {
  /// The HugeTLB page size (2M or 1G).
  public var backing: Backing
  /// Free huge pages of that size.
  public var count: Int

  public init(backing: Backing, count: Int) {
    self.backing = backing
    self.count = count
  }
}

/// The arguments of `gmem`.
public struct GmemSpec: Equatable, Sendable {
  /// `size` in bytes.
  public var size: UInt64
  /// `hugetlb=`; nil means the profile's default.
  public var hugetlb: Backing?
  /// Flag names given with `flags=` (`mmap`, `init-shared`, `support-shared`, `init-private`).
  public var flagNames: [GmemFlagName]
  /// A raw flags number given with `flags=0x...`, OR-ed with the names.
  public var rawFlags: UInt64?

  public init(
    size: UInt64, hugetlb: Backing? = nil, flagNames: [GmemFlagName] = [], rawFlags: UInt64? = nil
  ) {
    self.size = size
    self.hugetlb = hugetlb
    self.flagNames = flagNames
    self.rawFlags = rawFlags
  }
}

/// Creation flag names of the language.
public enum GmemFlagName: String, Sendable, CaseIterable, Codable {
  /// GUEST_MEMFD_FLAG_MMAP (upstream, inplace).
  case mmap
  /// GUEST_MEMFD_FLAG_INIT_SHARED (upstream, inplace).
  case initShared = "init-shared"
  /// GUEST_MEMFD_FLAG_SUPPORT_SHARED (rfc2).
  case supportShared = "support-shared"
  /// GUEST_MEMFD_FLAG_INIT_PRIVATE (rfc2).
  case initPrivate = "init-private"

  /// The flag's name in the kernel's uapi (rfc2 calls MMAP SUPPORT_SHARED).
  public var uapiName: String {
    switch self {
    case .mmap: "GUEST_MEMFD_FLAG_MMAP"
    case .initShared: "GUEST_MEMFD_FLAG_INIT_SHARED"
    case .supportShared: "SUPPORT_SHARED"
    case .initPrivate: "GUEST_MEMFD_FLAG_INIT_PRIVATE"
    }
  }
}

/// The arguments of `bind`; nil fields take SCENARIO.md's defaults.
public struct BindSpec: Equatable, Sendable {
  /// Guest physical address (default 4G).
  public var gpa: UInt64?
  /// Offset into the file (default 0).
  public var offset: UInt64?
  /// Bytes (default: the whole file).
  public var size: UInt64?
  /// Memslot id (default 1).
  public var slot: Int?

  public init(gpa: UInt64? = nil, offset: UInt64? = nil, size: UInt64? = nil, slot: Int? = nil) {
    self.gpa = gpa
    self.offset = offset
    self.size = size
    self.slot = slot
  }

  /// The memslot this asks for on a file of `fileSize` bytes, its defaults filled in: slot 1, gpa 4G, offset 0,
  /// the rest of the file. Both backends bind through it; the checks are theirs.
  public func memslot(fileSize: UInt64) -> Memslot {
    let offset = offset ?? 0
    return Memslot(
      slot: slot ?? Memslot.defaultSlot, gpa: gpa ?? Memslot.defaultGPA, offset: offset,
      size: size ?? (fileSize > offset ? fileSize - offset : 0))
  }
}
