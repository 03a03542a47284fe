import GmemModel

// `share` / `private`: KVM_SET_MEMORY_ATTRIBUTES on the VM fd, over the gpas the memslots bind to the file range.
extension KVMBackend {
  func convert(_ range: FileRange, to attribute: Attribute, content: ContentMode?) throws(OperationFailure)
    -> Outcome
  {
    let value = try deviceCapability(KVMCapabilityDefinition.memoryAttributes.number)
    guard value > 0 else {
      throw OperationFailure(
        .unsupported("KVM_CAP_MEMORY_ATTRIBUTES is 0 on this kernel"),
        "KVM_SET_MEMORY_ATTRIBUTES cannot make pages \(attribute.rawValue)")
    }
    guard let machine else { throw OperationFailure(.EBADF, "there is no VM") }
    guard let file else { throw OperationFailure(.EBADF, "there is no guest_memfd") }
    guard content == nil else {
      throw OperationFailure(.EINVAL, "KVM_SET_MEMORY_ATTRIBUTES has no content modes: flags must be 0")
    }
    let pageMask = GuestMemfd.pageSize - 1
    let (end, overflow) = range.offset.addingReportingOverflow(range.length)
    guard range.length > 0, !overflow, (range.offset | range.length) & pageMask == 0 else {
      return try malformed(range, to: attribute, vmFD: machine.vmFD)
    }
    guard end <= file.size else {
      throw OperationFailure(.EINVAL, "\(range) passes the end of the file (\(sizeName(file.size)))")
    }
    let pages = Geometry.page(ofOffset: range.offset)..<Geometry.page(ofOffset: end)
    let spans = try boundSpans(pages)
    let changed = attributes.pagesDiffering(in: pages, from: attribute)
    for (index, (slot, span)) in spans.enumerated() {
      let offset = Geometry.offset(ofPage: span.lowerBound)
      let request = MemoryAttributes(
        address: slot.gpa(ofOffset: offset), size: Geometry.bytes(ofPages: span.count),
        private: attribute == .private)
      do {
        try request.set(on: machine.vmFD)
      } catch {
        // One call is all or nothing; the spans before this one (other memslots) stay converted.
        let failure = OperationFailure(error)
        guard index > 0, case .errno(let errno, _) = failure.outcome else { throw failure }
        throw OperationFailure(
          .errno(errno, at: offset),
          "\(failure.detail) (gpa \(hex(request.address)), memslot \(slot.slot)); the offsets before \(hex(offset)) "
            + "were converted")
      }
      attributes.set(span, boundBy: slot, to: attribute)
    }
    if changed > 0 { events.append(.attributes(range, attribute, pages: changed)) }
    return .ok
  }

  /// The file pages `pages` as runs that one memslot each binds, in order.
  ///
  /// An offset no memslot binds has no gpa, so there is nothing to send for it. KVM itself accepts attributes on
  /// gpas outside every memslot, but the language converts "the gpas bound to RANGE" (SCENARIO.md), and the model
  /// refuses a range that is not bound throughout: so does this backend, with EINVAL at the first unbound offset,
  /// before any gpa is changed. A range bound by several memslots is converted one call per memslot.
  private func boundSpans(_ pages: Range<Int>) throws(OperationFailure) -> [(Memslot, Range<Int>)] {
    var spans: [(Memslot, Range<Int>)] = []
    var page = pages.lowerBound
    while page < pages.upperBound {
      let offset = Geometry.offset(ofPage: page)
      guard let slot = slots.last(where: { $0.binds(offset: offset) }) else {
        throw OperationFailure(
          .EINVAL, at: offset,
          "offset \(hex(offset)) is not bound to a gpa: KVM_SET_MEMORY_ATTRIBUTES takes guest addresses; "
            + "nothing was converted")
      }
      let slotEnd = Geometry.page(ofOffset: slot.offset + slot.size)
      let upper = min(pages.upperBound, slotEnd)
      spans.append((slot, page..<upper))
      page = upper
    }
    return spans
  }

  /// A size of 0, an unaligned range or one whose end overflows: where its first offset is bound, the request goes
  /// to the kernel as it is (its gpa and size), so the error is the kernel's own; elsewhere it is refused as the
  /// model refuses it.
  private func malformed(_ range: FileRange, to attribute: Attribute, vmFD: Int32) throws(OperationFailure)
    -> Outcome
  {
    let why =
      range.length == 0
      ? "size 0" : range.end == nil ? "offset + size overflows" : "offset and size must be page aligned"
    guard let slot = slots.last(where: { $0.binds(offset: range.offset) }) else {
      throw OperationFailure(.EINVAL, why)
    }
    let request = MemoryAttributes(
      address: slot.gpa(ofOffset: range.offset), size: range.length, private: attribute == .private)
    try OperationFailure.kernel { () throws(KVMError) in try request.set(on: vmFD) }
    // The kernel rejects every such request (kvm_vm_ioctl_set_mem_attributes); one it took is reported as taken.
    return .ok
  }

  /// KVM_CHECK_EXTENSION on /dev/kvm: what the kernel offers at all, whatever the VM's type.
  func deviceCapability(_ number: UInt32) throws(OperationFailure) -> Int {
    if let machine { return (try? CapabilityProbe.check(fd: machine.kvmFD, number)) ?? 0 }
    return try systemCapability(number)
  }

  /// Marks the pages this backend made private in `store` (KVM cannot report them).
  func overlayAttributes(on store: PageStore) -> PageStore {
    attributes.forEachPrivateRun(in: 0..<store.pageCount) { run in store.modify(run) { $0.isPrivate = true } }
    return store
  }

  /// The inspector's line on the attribute of page `p`.
  func attributeLine(page p: Int) -> String {
    let attribute = attributes.isPrivate(page: p) ? "private" : "shared"
    return "attribute: \(attribute) (as set by gmemviz; KVM cannot report it)"
  }
}
