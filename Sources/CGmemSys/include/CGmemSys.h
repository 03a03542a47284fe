// The guest_memfd uapi that Swift needs, defined here because the system headers predate guest_memfd, and the
// system calls Swift cannot reach directly (variadic ioctl, cachestat, pidfd_open, pidfd_getfd).
//
// Layouts and numbers follow include/uapi/linux/kvm.h (Linux 6.18) and guest_memfd-spec.md §5. The .c file checks
// every size and every ioctl number against the _IO/_IOW/_IOWR encoding at compile time.
#ifndef GMEM_CGMEMSYS_PUBLIC_H
#define GMEM_CGMEMSYS_PUBLIC_H

#include <stdint.h>

// MARK: ioctl numbers (raw values; KVMIO = 0xAE)

/// _IO(KVMIO, 0x00): the KVM API version (12) on /dev/kvm.
#define GMEM_KVM_GET_API_VERSION 0xAE00UL
/// _IO(KVMIO, 0x01): create a VM; the argument is the machine type. Returns the VM fd.
#define GMEM_KVM_CREATE_VM 0xAE01UL
/// _IO(KVMIO, 0x03): the value of a capability; the argument is the cap number. /dev/kvm or a VM fd.
#define GMEM_KVM_CHECK_EXTENSION 0xAE03UL
/// _IO(KVMIO, 0x04): the size of the vCPU's kvm_run mapping, on /dev/kvm.
#define GMEM_KVM_GET_VCPU_MMAP_SIZE 0xAE04UL
/// _IO(KVMIO, 0x41): create a vCPU on a VM fd; the argument is the vCPU id. Returns the vCPU fd.
#define GMEM_KVM_CREATE_VCPU 0xAE41UL
/// _IOW(KVMIO, 0x49, struct kvm_userspace_memory_region2): bind a memslot, optionally to a guest_memfd.
#define GMEM_KVM_SET_USER_MEMORY_REGION2 0x40A0AE49UL
/// _IOW(KVMIO, 0xd2, struct kvm_memory_attributes): set per-VM memory attributes (private/shared).
#define GMEM_KVM_SET_MEMORY_ATTRIBUTES 0x4020AED2UL
/// _IOWR(KVMIO, 0xd2, struct kvm_memory_attributes2): the in-place conversion proposal, on a guest_memfd fd.
#define GMEM_KVM_SET_MEMORY_ATTRIBUTES2 0xC080AED2UL
/// _IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd): create a guest_memfd on a VM fd. Returns the fd.
#define GMEM_KVM_CREATE_GUEST_MEMFD 0xC040AED4UL
/// _IOWR(KVMIO, 0xd5, struct kvm_pre_fault_memory): pre-fault guest memory, on a vCPU fd.
#define GMEM_KVM_PRE_FAULT_MEMORY 0xC040AED5UL
/// _IO(KVMIO, 0x80): run the vCPU until the next exit.
#define GMEM_KVM_RUN 0xAE80UL

// MARK: Flag values

/// kvm_userspace_memory_region2.flags: the slot is backed by a guest_memfd.
#define GMEM_KVM_MEM_GUEST_MEMFD (1U << 2)
/// kvm_create_guest_memfd.flags: the guest_memfd can be mmap()ed.
#define GMEM_GUEST_MEMFD_FLAG_MMAP (1ULL << 0)
/// kvm_create_guest_memfd.flags: the pages start shared (faultable by the host).
#define GMEM_GUEST_MEMFD_FLAG_INIT_SHARED (1ULL << 1)
/// kvm_memory_attributes.attributes: the range is private to the guest.
#define GMEM_KVM_MEMORY_ATTRIBUTE_PRIVATE (1ULL << 3)
/// fallocate mode: do not change the file size (required by guest_memfd).
#define GMEM_FALLOC_FL_KEEP_SIZE 0x01
/// fallocate mode: free the range (with KEEP_SIZE).
#define GMEM_FALLOC_FL_PUNCH_HOLE 0x02

// MARK: uapi structs

/// struct kvm_create_guest_memfd (64 bytes).
struct gmem_kvm_create_guest_memfd {
  uint64_t size;
  uint64_t flags;
  uint64_t reserved[6];
};

/// struct kvm_userspace_memory_region2 (160 bytes).
struct gmem_kvm_userspace_memory_region2 {
  uint32_t slot;
  uint32_t flags;
  uint64_t guest_phys_addr;
  uint64_t memory_size;
  uint64_t userspace_addr;
  uint64_t guest_memfd_offset;
  uint32_t guest_memfd;
  uint32_t pad1;
  uint64_t pad2[14];
};

/// struct kvm_memory_attributes (32 bytes), for KVM_SET_MEMORY_ATTRIBUTES on a VM fd.
struct gmem_kvm_memory_attributes {
  uint64_t address;
  uint64_t size;
  uint64_t attributes;
  uint64_t flags;
};

/// struct kvm_memory_attributes2 (128 bytes), the v3 in-place layout: `address` is the gmem offset on a
/// guest_memfd fd; error_offset is written back on failure. The layout is not final upstream.
struct gmem_kvm_memory_attributes2 {
  uint64_t address;
  uint64_t size;
  uint64_t attributes;
  uint64_t flags;
  uint64_t error_offset;
  uint64_t reserved[11];
};

/// struct kvm_pre_fault_memory (64 bytes), on a vCPU fd; `size` is updated to what is left.
struct gmem_kvm_pre_fault_memory {
  uint64_t gpa;
  uint64_t size;
  uint64_t flags;
  uint64_t padding[5];
};

/// struct cachestat_range: a byte range of a file; len 0 means to EOF.
struct gmem_cachestat_range {
  uint64_t off;
  uint64_t len;
};

/// struct cachestat: page-cache counts for a range. For a guest_memfd nr_cache is the allocated page count.
struct gmem_cachestat {
  uint64_t nr_cache;
  uint64_t nr_dirty;
  uint64_t nr_writeback;
  uint64_t nr_evicted;
  uint64_t nr_recently_evicted;
};

// MARK: System calls. Each returns the result (>= 0) or -errno; none of them sets errno for the caller.

/// ioctl(fd, request, arg) with an integer argument.
long gmem_ioctl_int(int fd, unsigned long request, unsigned long arg);

/// ioctl(fd, request, arg) with a pointer argument.
long gmem_ioctl_ptr(int fd, unsigned long request, void *arg);

/// cachestat(2) (syscall 451) of [off, off+len) of fd, flags 0.
int gmem_cachestat(int fd, uint64_t off, uint64_t len, struct gmem_cachestat *out);

/// pidfd_open(2) (syscall 434) with flags 0. Returns the pidfd.
int gmem_pidfd_open(int pid);

/// pidfd_getfd(2) (syscall 438) with flags 0: a copy of the target's fd in this process (O_CLOEXEC).
int gmem_pidfd_getfd(int pidfd, int targetfd);

/// fallocate(2).
int gmem_fallocate(int fd, int mode, int64_t offset, int64_t len);

/// open(2) of path with flags (no mode; not for O_CREAT).
int gmem_open(const char *path, int flags);

/// close(2).
int gmem_close(int fd);

#endif
