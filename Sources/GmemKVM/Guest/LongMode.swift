import CGmemSys

/// 64-bit mode, set straight through KVM_SET_SREGS as the KVM selftests do: paging with PAE, EFER.LME|LMA, a flat
/// 64-bit code segment and flat data segments. No GDT or IDT is built: the guest program loads no segment and takes
/// no exception (one would triple-fault into KVM_EXIT_SHUTDOWN). kernel-here.md §6 measured long mode on this PVM.
enum LongMode {
  /// CR0: PE | MP | ET | NE | WP | PG.
  static let cr0: UInt64 = 0x8001_0033
  /// CR4: PAE.
  static let cr4: UInt64 = 0x20
  /// EFER: LME | LMA.
  static let efer: UInt64 = 0x500

  /// Sets `registers` (as KVM_GET_SREGS read them) to 64-bit mode on the page tables at `cr3`.
  static func apply(to registers: inout gmem_kvm_sregs, cr3: UInt64) {
    registers.cs = segment(selector: 0x8, type: 0xb, long: true)
    let data = segment(selector: 0x10, type: 0x3, long: false)
    registers.ds = data
    registers.es = data
    registers.fs = data
    registers.gs = data
    registers.ss = data
    registers.cr0 = cr0
    registers.cr3 = cr3
    registers.cr4 = cr4
    registers.efer = efer
  }

  /// A flat, present, ring-0 segment: execute/read code (type 0xb) with L set, or read/write data (type 0x3).
  private static func segment(selector: UInt16, type: UInt8, long: Bool) -> gmem_kvm_segment {
    var segment = gmem_kvm_segment()
    segment.base = 0
    segment.limit = 0xffff_ffff
    segment.selector = selector
    segment.type = type
    segment.present = 1
    segment.s = 1
    segment.l = long ? 1 : 0
    segment.db = long ? 0 : 1
    segment.g = 1
    return segment
  }
}
