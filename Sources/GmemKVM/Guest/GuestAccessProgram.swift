import CGmemSys
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// The guest behind `guest read` and `guest write`: a few bytes of 64-bit code that vCPU 0 runs in long mode over
/// the gpas of bound pages, with identity-mapped page tables covering exactly the gpas it touches.
///
/// Code, tables and result pages live in a `GuestScratchMemory`, bound only between `begin` and `end`. Under PVM every
/// guest instruction is emulated, and each access goes through the memslot's userspace_addr (kernel-here.md §0, §6),
/// so the cost is per emulated 8-byte access: `rep stosq` for a write; for a read, one `repe scasq` per page that
/// checks it holds one repeated qword, and a `rep movsq` copy only of a page that does not. Work goes in batches of
/// `batchPages`, each one KVM_RUN.
final class GuestAccessProgram {
  /// Pages per KVM_RUN: the result pages of a read.
  static let batchPages = 256

  // The scratch layout, in pages: code, the PML4, the pool of other tables, one page of per-page read records
  // (16 bytes each: the page's first qword, then a flag byte set when the page was copied), the copies.
  private static let codePage = 0
  private static let rootPage = 1
  private static let tablePool = 2..<63
  private static let recordPage = 63
  private static let copyPages = 64..<(64 + batchPages)

  /// Where the write code starts in the code page.
  private static let writeEntry = 0
  /// `rep stosq; hlt`: RAX repeated over RCX qwords from RDI.
  private static let writeCode: [UInt8] = [0xf3, 0x48, 0xab, 0xf4]
  /// Where the read code starts in the code page.
  private static let readEntry = 0x10
  /// The read loop; RSI: the first gpa, RDX: the page count, RBX: the records, R8: the copy pages.
  private static let readCode: [UInt8] = [
    0x48, 0x8b, 0x06,  // top: mov rax, [rsi] (the page's first access: an MMIO exit stops here)
    0x48, 0x89, 0x03,  // mov [rbx], rax
    0x48, 0x89, 0xf7,  // mov rdi, rsi
    0xb9, 0x00, 0x02, 0x00, 0x00,  // mov ecx, 512
    0xf3, 0x48, 0xaf,  // repe scasq (is every qword the first one?)
    0x74, 0x11,  // je uniform
    0x4c, 0x89, 0xc7,  // mov rdi, r8
    0xb9, 0x00, 0x02, 0x00, 0x00,  // mov ecx, 512
    0xf3, 0x48, 0xa5,  // rep movsq (copy the page; RSI moves on by 4096)
    0xc6, 0x43, 0x08, 0x01,  // mov byte [rbx+8], 1
    0xeb, 0x07,  // jmp next
    0x48, 0x81, 0xc6, 0x00, 0x10, 0x00, 0x00,  // uniform: add rsi, 4096
    0x48, 0x83, 0xc3, 0x10,  // next: add rbx, 16
    0x49, 0x81, 0xc0, 0x00, 0x10, 0x00, 0x00,  // add r8, 4096
    0x48, 0xff, 0xca,  // dec rdx
    0x75, 0xc5,  // jnz top
    0xf4,  // hlt
  ]

  private let cpu: VirtualCPU
  private let scratch: GuestScratchMemory
  /// The scratch memory's gpa and the page tables in it, between `begin` and `end`. The tables stay built while the
  /// scratch gpa does not change.
  private var session: (gpa: UInt64, tables: GuestPageTables)?
  private var lastTables: GuestPageTables?

  /// vCPU 0 and the scratch memory of the VM `machine`, with the code in place.
  init(machine: KVMVirtualMachine) throws(KVMError) {
    cpu = try VirtualCPU(kvmFD: machine.kvmFD, vmFD: machine.vmFD)
    let slotLimit = try machine.checkExtension(GMEM_KVM_CAP_NR_MEMSLOTS, name: "KVM_CAP_NR_MEMSLOTS")
    guard slotLimit > 0 else { throw .ioctlFailed(request: "KVM_CHECK_EXTENSION(KVM_CAP_NR_MEMSLOTS)", errno: EINVAL) }
    scratch = try GuestScratchMemory(vmFD: machine.vmFD, slotLimit: slotLimit)
    let code = scratch.address(ofPage: Self.codePage)
    (code + Self.writeEntry).copyMemory(from: Self.writeCode, byteCount: Self.writeCode.count)
    (code + Self.readEntry).copyMemory(from: Self.readCode, byteCount: Self.readCode.count)
  }

  /// Binds the scratch memory clear of `slots` and puts the vCPU in 64-bit mode on its page tables.
  func begin(avoiding slots: [Memslot]) throws(KVMError) {
    let gpa = try scratch.bind(avoiding: slots)
    let tables =
      lastTables.flatMap { $0.base == gpa ? $0 : nil }
      ?? GuestPageTables(memory: scratch.base, base: gpa, root: Self.rootPage, pool: Self.tablePool)
    session = (gpa, tables)
    do {
      var registers = try cpu.specialRegisters()
      LongMode.apply(to: &registers, cr3: tables.cr3)
      try cpu.setSpecialRegisters(registers)
    } catch {
      end()
      throw error
    }
  }

  /// Deletes the scratch memslot again.
  func end() {
    scratch.unbind()
    lastTables = session?.tables
    session = nil
  }

  /// The guest virtual address of `gpa` in the identity map: the gpa itself below 2^47, and with bits 63:48 set
  /// from 2^47 up (up to MAXPHYADDR, 48 bits here), where a 4-level address must be sign-extended to be canonical. The
  /// table indices, bits 47:12, are the gpa's either way.
  private static func virtualAddress(of gpa: UInt64) -> UInt64 {
    gpa & (1 << 47) == 0 ? gpa : gpa | 0xffff_0000_0000_0000
  }

  /// The pages of a batch from `gpa`: at most `batchPages` and `left`, and none across 2^47, where the virtual
  /// addresses jump.
  private static func batch(from gpa: UInt64, left: UInt64) -> UInt64 {
    let count = min(left, UInt64(batchPages))
    guard gpa < 1 << 47 else { return count }
    return min(count, ((1 << 47) - gpa) >> Geometry.pageShift)
  }

  /// Stores `byte` over every byte of `pages` pages from `gpa`. nil when done, else the exit that stopped it (an
  /// MMIO exit's access is completed first).
  func write(gpa: UInt64, pages: UInt64, byte: UInt8) throws(KVMError) -> VirtualCPUExit? {
    var done: UInt64 = 0
    while done < pages {
      let start = gpa + Geometry.bytes(ofPages: done)
      let count = Self.batch(from: start, left: pages - done)
      var registers = gmem_kvm_regs()
      registers.rax = UInt64(byte) &* 0x0101_0101_0101_0101
      registers.rdi = Self.virtualAddress(of: start)
      registers.rcx = count << 9
      if let exit = try run(
        entry: Self.writeEntry, registers: &registers, touching: start..<(start + Geometry.bytes(ofPages: count)))
      {
        return exit
      }
      done += count
    }
    return nil
  }

  /// Loads every byte of `pages` pages from `gpa` and adds the values seen to `seen`. nil when done, else the exit
  /// that stopped it (an MMIO exit's access is completed first); `seen` then holds the pages before it.
  func read(gpa: UInt64, pages: UInt64, into seen: inout ByteSet) throws(KVMError) -> VirtualCPUExit? {
    guard let scratchGPA = session?.gpa else { preconditionFailure("begin(avoiding:) binds the scratch memory first") }
    let records = scratch.address(ofPage: Self.recordPage)
    var done: UInt64 = 0
    while done < pages {
      let start = gpa + Geometry.bytes(ofPages: done)
      let count = Self.batch(from: start, left: pages - done)
      records.initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
      var registers = gmem_kvm_regs()
      registers.rsi = Self.virtualAddress(of: start)
      registers.rdx = count
      registers.rbx = Self.virtualAddress(of: scratchGPA + Geometry.offset(ofPage: Self.recordPage))
      registers.r8 = Self.virtualAddress(of: scratchGPA + Geometry.offset(ofPage: Self.copyPages.lowerBound))
      let exit = try run(
        entry: Self.readEntry, registers: &registers, touching: start..<(start + Geometry.bytes(ofPages: count)))
      // The pages before an exit were read whole; RDX counts the pages not finished.
      let finished = exit == nil ? count : count - min(count, registers.rdx)
      for page in 0..<Int(finished) { report(page: page, into: &seen) }
      if let exit { return exit }
      done += count
    }
    return nil
  }

  /// Adds the bytes of batch page `page` to `seen`: its repeated qword, or its copy.
  private func report(page: Int, into seen: inout ByteSet) {
    let record = scratch.address(ofPage: Self.recordPage) + page * 16
    if record.load(fromByteOffset: 8, as: UInt8.self) == 0 {
      withUnsafeBytes(of: record.load(as: UInt64.self)) { for byte in $0 { seen.insert(byte) } }
    } else {
      let copy = UnsafeRawBufferPointer(start: scratch.address(ofPage: Self.copyPages.lowerBound + page), count: 4096)
      for byte in copy { seen.insert(byte) }
    }
  }

  /// Maps `touched` and the scratch memory, runs the code at `entry` with `registers` until it exits, and leaves the
  /// registers of that moment in `registers`. nil on HLT; an MMIO exit is completed before it is returned.
  private func run(entry: Int, registers: inout gmem_kvm_regs, touching touched: Range<UInt64>) throws(KVMError)
    -> VirtualCPUExit?
  {
    guard var session else { preconditionFailure("begin(avoiding:) binds the scratch memory first") }
    session.tables.identityMap([session.gpa..<(session.gpa + GuestScratchMemory.size), touched])
    self.session = session
    registers.rip = Self.virtualAddress(of: session.gpa + Geometry.offset(ofPage: Self.codePage) + UInt64(entry))
    registers.rflags = 0x2
    try cpu.setRegisters(registers)
    let exit = try cpu.runUntilExit()
    registers = try cpu.registers()
    switch exit {
    case .halt: return nil
    case .mmio:
      try cpu.completePendingAccess()
      return exit
    case .memoryFault, .other: return exit
    }
  }
}
