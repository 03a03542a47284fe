/// Policies the spec lists as open (§6) that are not fixed by a profile, as settings.
public struct ModelSettings: Equatable, Sendable {
  /// HugeTLB Vmemmap Optimization (§6 row 11): when on, a split restores the vmemmap and a merge frees it again.
  public var hvo: Bool
  /// Make the vmemmap restore before a split fail with ENOMEM (§2.10), to see a conversion refused for it.
  public var vmemmapRestoreFails: Bool
  /// The host's KVM emulates every guest instruction, as the PVM KVM of kernel-here.md §0 does: guest accesses go
  /// through the memslot's userspace_addr, not the guest_memfd binding (§6). Upstream profile only.
  public var emulatedGuestAccess: Bool
  /// The kernel features the upstream profile follows (the VM types and guest_memfd flags a running kernel
  /// reports, for `diff`); nil for the profile as designed (Linux 6.18, every VM type).
  public var kernel: KernelFeatures?

  /// The posted code's choices: HVO on, restores succeed; guest accesses through hardware paging; Linux 6.18.
  public init(
    hvo: Bool = true, vmemmapRestoreFails: Bool = false, emulatedGuestAccess: Bool = false,
    kernel: KernelFeatures? = nil
  ) {
    self.hvo = hvo
    self.vmemmapRestoreFails = vmemmapRestoreFails
    self.emulatedGuestAccess = emulatedGuestAccess
    self.kernel = kernel
  }

  /// The kernel features that apply under `profile`: `kernel` for upstream, nil for the other designs.
  public func kernelFeatures(under profile: Profile) -> KernelFeatures? {
    // The one profile check outside the policy: only upstream is a design a running kernel can report on.
    profile == .upstream ? kernel : nil
  }

  /// Bytes of vmemmap (struct page array) a split restores for one folio: 64 bytes per page, of which HVO
  /// keeps one 4 KiB page mapped.
  public func vmemmapRestored(per backing: Backing) -> UInt64 {
    guard hvo, backing.isHuge else { return 0 }
    return UInt64(backing.pagesPerFolio) * 64 - Geometry.pageSize
  }
}

/// Why a huge folio is split: the page, the operation and when.
public struct SplitCause: Equatable, Sendable {
  /// The first page that made the folio split.
  public var offset: UInt64
  /// The operation.
  public var command: Command
  /// The operation's sequence number (1 for the first command applied).
  public var sequence: Int

  public init(offset: UInt64, command: Command, sequence: Int) {
    self.offset = offset
    self.command = command
    self.sequence = sequence
  }

  /// The operation, as a script line (`share 0x1000+0x1000`).
  public var operation: String { command.summary }
}

/// The result of applying one command.
public struct OperationResult: Equatable, Sendable {
  /// ok, errno, signal, value or exit.
  public var outcome: Outcome
  /// Why it failed, or a note on what happened, in one line.
  public var detail: String?
  /// What the kernel did, in order.
  public var events: [Event]

  public init(outcome: Outcome, detail: String? = nil, events: [Event] = []) {
    self.outcome = outcome
    self.detail = detail
    self.events = events
  }
}
