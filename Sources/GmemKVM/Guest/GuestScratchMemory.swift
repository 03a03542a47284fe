import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// The guest's own memory: a private anonymous mapping with the access program's code, its page tables and the
/// pages a read reports into. It is an ordinary memslot (no guest_memfd) only while a guest access runs, with the
/// highest free slot id at the lowest 2 MiB-aligned gpa clear of every bound memslot, so a later `bind` never meets
/// it. The mapping is unmapped when the value is released; it is never bound by then (`unbind` follows every run).
final class GuestScratchMemory {
  /// 320 pages (1.25 MiB), all inside one 2 MiB page of the guest's tables.
  static let pageCount = 320
  /// The mapping's length in bytes.
  static let size = Geometry.bytes(ofPages: pageCount)
  private static let alignment: UInt64 = 2 << 20

  /// The host address of scratch page 0.
  let base: UnsafeMutableRawPointer
  private let vmFD: Int32
  /// KVM_CAP_NR_MEMSLOTS: slot ids run from 0 to this, exclusive.
  private let slotLimit: Int
  /// The slot id and gpa while the memory is bound.
  private var binding: (slot: Int, gpa: UInt64)?

  /// Maps the memory for the VM `vmFD`, whose user memslot ids run below `slotLimit`.
  init(vmFD: Int32, slotLimit: Int) throws(KVMError) {
    base = try mapMemory(
      .call("mmap(MAP_ANONYMOUS)"), length: Int(Self.size), protection: PROT_READ | PROT_WRITE,
      flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, fd: -1)
    self.vmFD = vmFD
    self.slotLimit = slotLimit
  }

  deinit { unmapMemory(base, length: Int(Self.size)) }

  /// The host address of scratch page `page`.
  func address(ofPage page: Int) -> UnsafeMutableRawPointer { base + Int(Geometry.offset(ofPage: page)) }

  /// Binds the memory clear of `slots`; returns its gpa.
  func bind(avoiding slots: [Memslot]) throws(KVMError) -> UInt64 {
    let gpa = Self.freeGPA(avoiding: slots)
    guard let slot = (0..<slotLimit).reversed().first(where: { id in !slots.contains { $0.slot == id } }) else {
      throw .ioctlFailed(request: "KVM_SET_USER_MEMORY_REGION2 (scratch)", errno: ENOSPC)
    }
    try setRegion(slot: slot, gpa: gpa, size: Self.size)
    binding = (slot, gpa)
    return gpa
  }

  /// Deletes the memslot again, if bound.
  func unbind() {
    guard let binding else { return }
    // Deleting a slot this value created does not fail; the VM outlives this call.
    try? setRegion(slot: binding.slot, gpa: binding.gpa, size: 0)
    self.binding = nil
  }

  private func setRegion(slot: Int, gpa: UInt64, size: UInt64) throws(KVMError) {
    let region = MemoryRegion(slot: slot, gpa: gpa, size: size, userspaceAddress: UInt64(UInt(bitPattern: base)))
    try region.set(on: vmFD, as: "KVM_SET_USER_MEMORY_REGION2 (scratch)")
  }

  /// The lowest 2 MiB-aligned gpa where the memory overlaps none of `slots`: 0, or the end of a slot rounded up.
  static func freeGPA(avoiding slots: [Memslot]) -> UInt64 {
    let ends = slots.map { ($0.gpa + $0.size + alignment - 1) & ~(alignment - 1) }
    return ([0] + ends).sorted().first { start in
      slots.allSatisfy { $0.gpa >= start + size || $0.gpa + $0.size <= start }
    } ?? 0
  }
}
