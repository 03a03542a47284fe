import CGmemSys
import GmemModel
import Testing

@testable import GmemKVM

/// The encodings of conversions on the kvm backend, without /dev/kvm: struct kvm_memory_attributes and its ioctl
/// number, the KVM_EXIT_MEMORY_FAULT exit, the attributes the backend records per page, and KVM_CAP_VM_TYPES.
struct ConversionEncodingTests {
  /// _IOW(type, number, size) of the kernel's asm-generic/ioctl.h.
  private static func ioWrite(_ type: UInt, _ number: UInt, size: Int) -> UInt {
    (1 << 30) | (UInt(size) << 16) | (type << 8) | number
  }

  @Test func memoryAttributesMatchTheUapiLayoutAndIoctlNumber() {
    typealias Raw = gmem_kvm_memory_attributes
    #expect(MemoryLayout<Raw>.size == 32)
    #expect(MemoryLayout<Raw>.offset(of: \Raw.address) == 0)
    #expect(MemoryLayout<Raw>.offset(of: \Raw.size) == 8)
    #expect(MemoryLayout<Raw>.offset(of: \Raw.attributes) == 16)
    #expect(MemoryLayout<Raw>.offset(of: \Raw.flags) == 24)
    // KVM_SET_MEMORY_ATTRIBUTES = _IOW(KVMIO, 0xd2, struct kvm_memory_attributes), as gmem_check.py uses it.
    #expect(GMEM_KVM_SET_MEMORY_ATTRIBUTES == Self.ioWrite(0xAE, 0xD2, size: MemoryLayout<Raw>.size))
    #expect(GMEM_KVM_SET_MEMORY_ATTRIBUTES == 0x4020_AED2)
    #expect(MemoryAttributes.privateAttribute == 1 << 3)
  }

  @Test func aConversionEncodesItsGPARangeAndAttribute() {
    let toPrivate = MemoryAttributes(address: 0x1_0000_2000, size: 0x3000, private: true).raw
    #expect(toPrivate.address == 0x1_0000_2000)
    #expect(toPrivate.size == 0x3000)
    #expect(toPrivate.attributes == 8)
    #expect(toPrivate.flags == 0)
    #expect(MemoryAttributes(address: 0x1000, size: 0x1000, private: false).raw.attributes == 0)
  }

  @Test func aMemoryFaultExitIsDecodedFromKVMRun() {
    // kvm_run as the kernel writes it (gmem_check.py reads it so): exit_reason at byte 8, memory_fault's flags, gpa
    // and size at 32, 40 and 48.
    var bytes = [UInt8](repeating: 0, count: MemoryLayout<gmem_kvm_run>.size)
    bytes.withUnsafeMutableBytes { raw in
      raw.storeBytes(of: UInt32(39), toByteOffset: 8, as: UInt32.self)
      raw.storeBytes(of: UInt64(8), toByteOffset: 32, as: UInt64.self)
      raw.storeBytes(of: UInt64(0x1_0000_2000), toByteOffset: 40, as: UInt64.self)
      raw.storeBytes(of: UInt64(0x1000), toByteOffset: 48, as: UInt64.self)
    }
    let run = bytes.withUnsafeBytes { $0.load(as: gmem_kvm_run.self) }
    let exit = VirtualCPUExit(run)
    #expect(exit == .memoryFault(gpa: 0x1_0000_2000, size: 0x1000, flags: 8))
    #expect(exit.description == "KVM_EXIT_MEMORY_FAULT (39) at gpa 0x100002000+0x1000, flags 0x8")
  }

  @Test func aMemoryFaultBecomesTheModelsOutcomeWithItsGPAAndOffset() {
    let backend = KVMBackend(devicePath: "/nonexistent/kvm")
    backend.slots = [Memslot(slot: 1, gpa: 4 << 30, offset: 0x10000, size: 0x10000)]
    let failure = backend.failure(for: .memoryFault(gpa: (4 << 30) + 0x2008, size: 0x1000, flags: 8))
    #expect(
      failure.outcome
        == .exit(VMExit(reason: .memoryFault, gpa: (4 << 30) + 0x2008, offset: 0x12000, privateAccess: true)))
    #expect(failure.outcome.text.hasPrefix("MEMORY_FAULT"))
    // A gpa no memslot of the file binds has no offset.
    let plain = backend.failure(for: .memoryFault(gpa: 0x2000, size: 0x1000, flags: 8))
    #expect(plain.outcome == .exit(VMExit(reason: .memoryFault, gpa: 0x2000, offset: nil, privateAccess: true)))
  }

  @Test func pagesShowTheAttributeSetOnTheirGFNs() {
    var record = AttributeRecord()
    let low = Memslot(slot: 1, gpa: 4 << 30, offset: 0, size: 16 << 12)
    record.bound(low)
    #expect(record.pagesDiffering(in: 0..<16, from: .shared) == 0)
    record.set(2..<6, boundBy: low, to: .private)
    #expect((0..<8).map(record.isPrivate(page:)) == [false, false, true, true, true, true, false, false])
    #expect(record.pagesDiffering(in: 0..<8, from: .private) == 4)
    let firstGFN: UInt64 = (4 << 30) >> 12
    #expect(record.gfns.privateRanges.map { [$0.lowerBound, $0.upperBound] } == [[firstGFN + 2, firstGFN + 6]])
    record.set(3..<4, boundBy: low, to: .shared)
    var runs: [Range<Int>] = []
    record.forEachPrivateRun(in: 0..<16) { runs.append($0) }
    #expect(runs == [2..<3, 4..<6])
  }

  @Test func aBoundPageTakesTheAttributeOfItsNewGFN() {
    var record = AttributeRecord()
    let first = Memslot(slot: 1, gpa: 4 << 30, offset: 0, size: 8 << 12)
    record.bound(first)
    record.set(0..<2, boundBy: first, to: .private)
    // The same gpas bound to other file pages: those pages show them private, the old ones keep what they showed.
    record.bound(Memslot(slot: 2, gpa: 4 << 30, offset: 8 << 12, size: 8 << 12))
    #expect(record.isPrivate(page: 8) && record.isPrivate(page: 9) && !record.isPrivate(page: 10))
    #expect(record.isPrivate(page: 0))
    // Bound to shared gpas, a page that showed private shows shared.
    record.bound(Memslot(slot: 3, gpa: 8 << 30, offset: 0, size: 8 << 12))
    #expect(!record.isPrivate(page: 0))
    record.forgetPages()
    #expect(!record.isPrivate(page: 8))
    #expect(record.gfns.privateRanges.count == 1)
  }

  @Test func vmTypesAreNamedFromKVMCapVMTypes() {
    let sixEighteen = VMTypeMask(bits: 0x1)
    #expect(sixEighteen.lists(.default) && !sixEighteen.lists(.swProtected))
    #expect(
      sixEighteen.missing(.swProtected)
        == "vm sw-protected: this kernel lists VM types default only (KVM_CAP_VM_TYPES=0x1)")
    let lab = VMTypeMask(bits: 0x3)
    #expect(lab.lists(.swProtected) && !lab.lists(.snp))
    #expect(lab.missing(.tdx) == "vm tdx: this kernel lists VM types default,sw-protected only (KVM_CAP_VM_TYPES=0x3)")
    #expect(VMTypeMask(bits: 0x73).names == "default,sw-protected,snp,tdx,type 6")
    // A kernel without the capability: only the default VM.
    #expect(VMTypeMask(bits: 0).lists(.default) && VMTypeMask(bits: 0).names == "default")
  }
}
