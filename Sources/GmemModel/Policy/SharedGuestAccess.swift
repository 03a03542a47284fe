/// Where a shared guest access (the attribute is shared) reaches memory.
public enum SharedGuestAccess: String, Sendable, Codable {
  /// Through the memslot's userspace_addr, the VMM's (process 1's) mapping of the file, by GUP (rfc1).
  case vmmMapping
  /// Through guest_memfd itself (`kvm_gmem_get_pfn`), as private accesses do (rfc2, inplace).
  case guestMemfd
  /// Through guest_memfd when the file was created with GUEST_MEMFD_FLAG_MMAP (a gmem-only memslot), else
  /// through the memslot's separate userspace memory (upstream).
  case guestMemfdIfMmap
}
