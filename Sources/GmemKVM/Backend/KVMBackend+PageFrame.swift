import GmemModel

// The physical page behind a mapped page, for `explain`: read on demand, for one page, never in a rescan.
extension KVMBackend {
  /// The PFN that this process's mapping shows at page `p` (/proc/self/pagemap), its /proc/kpageflags, and the folio
  /// order they give (kernel-here §4: always 0 here).
  func frameLines(page p: Int) -> [String] {
    guard let mapping else { return [] }
    let address = mapping.address(ofOffset: Geometry.offset(ofPage: p))
    guard let frame = ProcessPagemap.frames(address: address, count: 1).first, frame != 0 else {
      return ["no PFN: /proc/self/pagemap shows no page there now (or hides PFNs: only root sees them)"]
    }
    guard let flags = KernelPageFlags.read([frame])?.first else {
      return ["PFN \(hex(frame)) (/proc/self/pagemap); /proc/kpageflags cannot be read"]
    }
    let order: String
    switch KernelPageFlags.folioOrder(ofFrame: frame, flags: flags) {
    case 0?: order = "folio order 0: no COMPOUND_HEAD or COMPOUND_TAIL, a single 4K page"
    case let n?: order = "folio order \(n): \(1 << n) pages from the compound head"
    case nil: order = "folio order unknown: the compound flags around it do not form a folio"
    }
    return ["PFN \(hex(frame)) (/proc/self/pagemap), kpageflags \(KernelPageFlags.describe(flags))", order]
  }
}
