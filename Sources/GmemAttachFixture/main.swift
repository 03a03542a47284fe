// A process for the attach tests to observe: it creates a VM and a guest_memfd, leaves a known pattern in it, prints
// `ready pid=P fd=N second=M` and waits until its standard input reaches EOF (or SIGTERM), then exits 0. The kernel
// closes every fd and mapping on exit, so it cannot leave anything behind.
//
// Meanwhile each line on standard input changes the first guest_memfd, so that tests of the live views see changes
// happen when they ask: `allocate FIRST COUNT` (fallocate), `punch FIRST COUNT` (PUNCH_HOLE) or `write FIRST COUNT`
// (through area A, pages 0-7 only, when the file is mapped), in pages. Each is answered, once done, by `ok LINE` or
// `error LINE: WHY`.
//
// Usage: GmemAttachFixture [SIZE_MIB [VM_TYPE FLAGS]]   (default 64, a default VM, flags MMAP|INIT_SHARED = 3)
//
// The pattern, in 4 KiB pages of the first guest_memfd (FLAGS, SIZE_MIB):
// - allocated with fallocate(KEEP_SIZE): pages 0-15 and 256-767;
// - only when FLAGS has MMAP (a kernel without it, such as 6.12, maps nothing):
//   - area A maps pages 0-7 (file offset 0): pages 0-3 written (faulted in), page 5 written then MADV_DONTNEED
//     (uptodate, no PTE);
//   - area B maps pages 512-527 (file offset 2 MiB), read-only: pages 514-515 faulted in with MADV_POPULATE_READ.
// The second guest_memfd (flags 0, so no MMAP; 2 MiB) has pages 0-1 allocated.

import CGmemSys
import GmemKVM
import GmemModel

#if canImport(Glibc)
  import Glibc
#endif

/// Writes `message` to standard error and exits 1.
func fail(_ message: String) -> Never {
  var line = "GmemAttachFixture: \(message)\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  exit(1)
}

/// Maps `pages` pages of `fd` from page `first`, or fails.
func map(_ fd: Int32, first: UInt64, pages: UInt64, protection: Int32) -> UnsafeMutableRawPointer {
  let page = GuestMemfd.pageSize
  let address = mmap(nil, Int(pages * page), protection, MAP_SHARED, fd, off_t(first * page))
  guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else { fail("mmap: errno \(errno)") }
  return address
}

/// Applies one command line to `gmem` (see the top of the file); nil when done, else why not.
func change(_ gmem: GuestMemfd, areaA: UnsafeMutableRawPointer?, _ line: String) -> String? {
  let words = line.split(separator: " ")
  guard words.count == 3, let first = UInt64(words[1]), let count = UInt64(words[2]), count > 0 else {
    return "expected allocate|punch|write FIRST COUNT"
  }
  let page = GuestMemfd.pageSize
  do {
    switch words[0] {
    case "allocate": try gmem.allocate(offset: first * page, length: count * page)
    case "punch": try gmem.punchHole(offset: first * page, length: count * page)
    case "write":
      guard let areaA else { return "nothing is mapped: the file has no MMAP flag" }
      guard first + count <= 8 else { return "area A maps pages 0-7 only" }
      _ = memset(areaA + Int(first * page), 0x3c, Int(count * page))
    default: return "unknown command \(words[0])"
    }
  } catch {
    return "\(error)"
  }
  return nil
}

let page = GuestMemfd.pageSize
let arguments = CommandLine.arguments
let sizeMiB = arguments.count > 1 ? UInt64(arguments[1]) ?? 0 : 64
guard sizeMiB >= 4 else { fail("SIZE_MIB must be a number of at least 4") }
let vmType = arguments.count > 2 ? VMType(rawValue: arguments[2]) : .default
guard let vmType else { fail("VM_TYPE must be one of \(VMType.allCases.map(\.rawValue).joined(separator: ", "))") }
let flags = arguments.count > 3 ? UInt64(arguments[3]) : GMEM_GUEST_MEMFD_FLAG_MMAP | GMEM_GUEST_MEMFD_FLAG_INIT_SHARED
guard let flags else { fail("FLAGS must be a number") }
// SIGTERM ends the wait like EOF: _exit is async-signal-safe, and the kernel releases everything.
signal(SIGTERM) { _ in _exit(0) }

do {
  let vm = try KVMVirtualMachine(type: vmType)
  let gmem = try vm.createGuestMemfd(size: sizeMiB << 20, flags: flags)
  try gmem.allocate(offset: 0, length: 16 * page)
  try gmem.allocate(offset: 256 * page, length: 512 * page)
  let second = try vm.createGuestMemfd(size: 2 << 20, flags: 0)
  try second.allocate(offset: 0, length: 2 * page)

  var areas: [(address: UnsafeMutableRawPointer, pages: UInt64)] = []
  var areaA: UnsafeMutableRawPointer? = nil
  if flags & GMEM_GUEST_MEMFD_FLAG_MMAP != 0 {
    let mapped = map(gmem.fd, first: 0, pages: 8, protection: PROT_READ | PROT_WRITE)
    _ = memset(mapped, 0x5a, Int(4 * page))
    _ = memset(mapped + Int(5 * page), 0xa5, Int(page))
    guard madvise(mapped + Int(5 * page), Int(page), MADV_DONTNEED) == 0 else {
      fail("MADV_DONTNEED: errno \(errno)")
    }
    let areaB = map(gmem.fd, first: 512, pages: 16, protection: PROT_READ)
    let populateRead: Int32 = 22  // MADV_POPULATE_READ (Linux 5.14), not in older C library headers
    guard madvise(areaB + Int(2 * page), Int(2 * page), populateRead) == 0 else {
      fail("MADV_POPULATE_READ: errno \(errno)")
    }
    areas = [(areaB, 16), (mapped, 8)]
    areaA = mapped
  }

  // One write(2), unbuffered: the test waits for this line.
  var ready = "ready pid=\(getpid()) fd=\(gmem.fd) second=\(second.fd)\n"
  ready.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
  while let line = readLine(strippingNewline: true) {
    var reply = change(gmem, areaA: areaA, line).map { "error \(line): \($0)\n" } ?? "ok \(line)\n"
    reply.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
  }
  for area in areas { _ = munmap(area.address, Int(area.pages * page)) }
  withExtendedLifetime((vm, gmem, second)) {}
} catch {
  fail("\(error)")
}
exit(0)
