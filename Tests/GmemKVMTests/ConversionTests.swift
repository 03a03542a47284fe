import GmemModel
import GmemScript
import Testing

@testable import GmemKVM

extension KVMTests {
  /// `share` / `private` on a kernel with memory attributes (a sw-protected VM: mainline, or the lab's Linux 6.12):
  /// KVM_SET_MEMORY_ATTRIBUTES on the bound gpas, and the guest reaching the guest_memfd or the memslot's shared
  /// memory by attribute. Skipped, saying why, where the kernel lists no sw-protected VM or has no attributes.
  @Suite
  struct ConversionTests {
    /// Why these tests cannot run here, printed once; nil when they can.
    static let problem: String? = {
      guard KVMFixture.isAvailable, let types = VMTypeMask.read() else { return "/dev/kvm cannot be opened" }
      guard types.lists(.swProtected) else {
        return "\(types.missing(.swProtected)); the conversion tests run on a kernel with one (Tests/lab)"
      }
      return nil
    }()

    /// True when the tests can run; prints why not otherwise.
    static let canRun: Bool = {
      if let problem { print("GmemKVMTests: conversion tests skipped: \(problem)") }
      return problem == nil
    }()

    /// Runs `script` on a fresh KVMBackend; every failed expectation is an issue. Returns every step.
    private static func run(_ script: String) throws -> [StepRecord] {
      let lines = try Parser.parse(script, file: "conversion-test.gmem")
      var records: [StepRecord] = []
      let failed = ScriptRunner(backend: KVMBackend()).run(lines) { records.append($0) }
      for record in failed {
        Issue.record("line \(record.line.number): \(record.line.source): \(record.failure ?? "")")
      }
      return records
    }

    @Test(.enabled(if: canRun, "the kernel lists no sw-protected VM (see the printed reason)"))
    func privatePagesReachTheFileAndSharedPagesTheSharedMemory() throws {
      _ = try Self.run(
        """
        vm sw-protected
        gmem 1M
        bind
        guest write 0+8K 0x11
        expect count allocated=0
        private 0+8K
        expect ok
        expect page 0+8K private hole
        guest read 0+8K
        expect value 0
        expect count allocated=2 private=2
        guest write 0 0x22
        share 0+8K
        expect page 0+8K shared allocated
        guest read 0+8K
        expect value 0x11
        private 0
        guest read 0
        expect value 0x22
        punch 0
        expect page 0 private hole
        guest read 0
        expect value 0
        """)
    }

    @Test(.enabled(if: canRun, "the kernel lists no sw-protected VM (see the printed reason)"))
    func badRangesFailAsTheKernelOrTheModelSays() throws {
      _ = try Self.run(
        """
        vm sw-protected
        gmem 4M
        bind size=2M
        private 0x1001
        expect EINVAL
        private 0+0
        expect EINVAL
        private 1M+2M
        expect EINVAL at 2M
        expect count private=0
        bind offset=2M size=2M gpa=8G slot=2
        private 1M+2M
        expect ok
        expect count private=512
        """)
    }

    @Test(.enabled(if: canRun, "the kernel lists no sw-protected VM (see the printed reason)"))
    func aPrivateGPAOnAPlainMemslotExitsWithMemoryFault() throws {
      // gmem_check.py 3c: a memslot without KVM_MEM_GUEST_MEMFD, its gpa made private; the guest's load exits with
      // KVM_EXIT_MEMORY_FAULT. The language binds only guest_memfd slots, so this runs on the Uapi types directly.
      let machine = try KVMVirtualMachine(type: .swProtected)
      let memory = try SharedBacking(length: 2 << 20)
      let slot = Memslot(slot: 3, gpa: 8 << 30, offset: 0, size: 2 << 20)
      try MemoryRegion(slot: 3, gpa: slot.gpa, size: slot.size, userspaceAddress: memory.address).set(on: machine.vmFD)
      try MemoryAttributes(address: slot.gpa + 0x2000, size: 0x1000, private: true).set(on: machine.vmFD)
      let program = try GuestAccessProgram(machine: machine)
      try program.begin(avoiding: [slot])
      defer { program.end() }
      var seen = ByteSet()
      #expect(try program.read(gpa: slot.gpa, pages: 2, into: &seen) == nil)
      let exit = try program.read(gpa: slot.gpa + 0x2000, pages: 1, into: &seen)
      guard case .memoryFault(let gpa, _, let flags) = exit else {
        Issue.record("expected KVM_EXIT_MEMORY_FAULT, got \(String(describing: exit))")
        return
      }
      #expect(gpa == slot.gpa + 0x2000)
      #expect(flags & MemoryAttributes.privateAttribute != 0)
    }
  }
}
