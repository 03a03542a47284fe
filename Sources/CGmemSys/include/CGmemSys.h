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

// MARK: io_uring registered buffers (include/uapi/linux/io_uring.h, Linux 6.18; kernel-here.md §5)

#include <sys/uio.h>

/// io_uring_register opcode: register an array of iovecs as fixed buffers, each pinned FOLL_LONGTERM (GUP faults the
/// pages in first).
#define GMEM_IORING_REGISTER_BUFFERS 0U
/// io_uring_register opcode: release every registered buffer of the ring (the pins go at once).
#define GMEM_IORING_UNREGISTER_BUFFERS 1U
/// io_uring_register opcode: replace the buffers at some slots (struct gmem_io_uring_rsrc_update2); an iovec with a
/// NULL base and length 0 empties its slot, which unpins that buffer's pages.
#define GMEM_IORING_REGISTER_BUFFERS_UPDATE 16U
/// The most buffers one ring can hold (IORING_MAX_REG_BUFFERS).
#define GMEM_IORING_MAX_REG_BUFFERS (1U << 14)

/// struct io_sqring_offsets (40 bytes), filled by io_uring_setup.
struct gmem_io_sqring_offsets {
  uint32_t head;
  uint32_t tail;
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t flags;
  uint32_t dropped;
  uint32_t array;
  uint32_t resv1;
  uint64_t user_addr;
};

/// struct io_cqring_offsets (40 bytes), filled by io_uring_setup.
struct gmem_io_cqring_offsets {
  uint32_t head;
  uint32_t tail;
  uint32_t ring_mask;
  uint32_t ring_entries;
  uint32_t overflow;
  uint32_t cqes;
  uint32_t flags;
  uint32_t resv1;
  uint64_t user_addr;
};

/// struct io_uring_params (120 bytes): zeroed in, the ring's geometry out.
struct gmem_io_uring_params {
  uint32_t sq_entries;
  uint32_t cq_entries;
  uint32_t flags;
  uint32_t sq_thread_cpu;
  uint32_t sq_thread_idle;
  uint32_t features;
  uint32_t wq_fd;
  uint32_t resv[3];
  struct gmem_io_sqring_offsets sq_off;
  struct gmem_io_cqring_offsets cq_off;
};

/// struct io_uring_rsrc_update2 (32 bytes), the argument of IORING_REGISTER_BUFFERS_UPDATE: `nr` iovecs at `data`
/// go to the slots from `offset` on.
struct gmem_io_uring_rsrc_update2 {
  uint32_t offset;
  uint32_t resv;
  uint64_t data;
  uint64_t tags;
  uint32_t nr;
  uint32_t resv2;
};

/// io_uring_setup(2) (syscall 425) with `entries` submission entries; `params` must be zeroed. Returns the ring fd
/// (O_CLOEXEC) or -errno.
int gmem_io_uring_setup(uint32_t entries, struct gmem_io_uring_params *params);

/// io_uring_setup as above, called on a helper thread that exits before this returns. The thread that sets a ring up
/// gets an io_uring task context node for it, and closing the ring then sends that thread TWA_SIGNAL task_work from
/// a kernel workqueue, at a moment of its choosing: an interruptible syscall of that thread then fails with EINTR
/// (seen: KVM_CREATE_VM, 4 in 3000 ring closes). The helper's exit drops its node, so the close sends nothing.
int gmem_io_uring_setup_on_helper_thread(uint32_t entries, struct gmem_io_uring_params *params);

/// io_uring_register(2) (syscall 427) of `opcode` with `arg` and `nr_args`. Returns the result (>= 0) or -errno.
int gmem_io_uring_register(int ring, uint32_t opcode, void *arg, uint32_t nr_args);

/// IORING_REGISTER_BUFFERS of `count` iovecs: the ring's buffer slots 0..<count. Returns 0 or -errno (EFAULT when
/// GUP cannot fault a page in, e.g. a guest_memfd without INIT_SHARED).
int gmem_io_uring_register_buffers(int ring, const struct iovec *iovecs, uint32_t count);

/// IORING_REGISTER_BUFFERS_UPDATE of the slots first..<first+count with `iovecs`. Returns the slots updated or -errno.
int gmem_io_uring_update_buffers(int ring, uint32_t first, const struct iovec *iovecs, uint32_t count);

// MARK: vCPU (include/uapi/linux/kvm.h and arch/x86/include/uapi/asm/kvm.h, Linux 6.18; kernel-here.md §6)

/// _IOWR(KVMIO, 0x05, struct kvm_cpuid2): the CPUID entries KVM supports, on /dev/kvm.
#define GMEM_KVM_GET_SUPPORTED_CPUID 0xC008AE05UL
/// _IOW(KVMIO, 0x90, struct kvm_cpuid2): set a vCPU's CPUID (and with it MAXPHYADDR, which is 36 without leaf
/// 0x80000008).
#define GMEM_KVM_SET_CPUID2 0x4008AE90UL
/// _IOR(KVMIO, 0x81, struct kvm_regs): read the general registers of a vCPU.
#define GMEM_KVM_GET_REGS 0x8090AE81UL
/// _IOW(KVMIO, 0x82, struct kvm_regs): set the general registers of a vCPU.
#define GMEM_KVM_SET_REGS 0x4090AE82UL
/// _IOR(KVMIO, 0x83, struct kvm_sregs): read the segment and control registers of a vCPU.
#define GMEM_KVM_GET_SREGS 0x8138AE83UL
/// _IOW(KVMIO, 0x84, struct kvm_sregs): set the segment and control registers of a vCPU.
#define GMEM_KVM_SET_SREGS 0x4138AE84UL
/// KVM_CAP_NR_MEMSLOTS: the number of user memslots per address space (ids 0..<n).
#define GMEM_KVM_CAP_NR_MEMSLOTS 10U

/// kvm_run.exit_reason values.
#define GMEM_KVM_EXIT_UNKNOWN 0U
#define GMEM_KVM_EXIT_EXCEPTION 1U
#define GMEM_KVM_EXIT_IO 2U
#define GMEM_KVM_EXIT_HYPERCALL 3U
#define GMEM_KVM_EXIT_DEBUG 4U
#define GMEM_KVM_EXIT_HLT 5U
#define GMEM_KVM_EXIT_MMIO 6U
#define GMEM_KVM_EXIT_SHUTDOWN 8U
#define GMEM_KVM_EXIT_FAIL_ENTRY 9U
#define GMEM_KVM_EXIT_INTR 10U
#define GMEM_KVM_EXIT_INTERNAL_ERROR 17U
#define GMEM_KVM_EXIT_SYSTEM_EVENT 24U
#define GMEM_KVM_EXIT_MEMORY_FAULT 39U
/// kvm_run.memory_fault.flags: the faulting access was private.
#define GMEM_KVM_MEMORY_EXIT_FLAG_PRIVATE (1ULL << 3)

/// struct kvm_regs (144 bytes): the x86-64 general registers.
struct gmem_kvm_regs {
  uint64_t rax, rbx, rcx, rdx;
  uint64_t rsi, rdi, rsp, rbp;
  uint64_t r8, r9, r10, r11;
  uint64_t r12, r13, r14, r15;
  uint64_t rip, rflags;
};

/// struct kvm_segment (24 bytes): a segment register with its hidden part.
struct gmem_kvm_segment {
  uint64_t base;
  uint32_t limit;
  uint16_t selector;
  uint8_t type;
  uint8_t present, dpl, db, s, l, g, avl;
  uint8_t unusable;
  uint8_t padding;
};

/// struct kvm_dtable (16 bytes): GDTR or IDTR.
struct gmem_kvm_dtable {
  uint64_t base;
  uint16_t limit;
  uint16_t padding[3];
};

/// struct kvm_sregs (312 bytes): segments, descriptor tables, control registers, EFER.
struct gmem_kvm_sregs {
  struct gmem_kvm_segment cs, ds, es, fs, gs, ss;
  struct gmem_kvm_segment tr, ldt;
  struct gmem_kvm_dtable gdt, idt;
  uint64_t cr0, cr2, cr3, cr4, cr8;
  uint64_t efer;
  uint64_t apic_base;
  uint64_t interrupt_bitmap[4];
};

/// kvm_run.io (KVM_EXIT_IO): the data is at data_offset from the start of kvm_run.
struct gmem_kvm_run_io {
  uint8_t direction;
  uint8_t size;
  uint16_t port;
  uint32_t count;
  uint64_t data_offset;
};

/// kvm_run.mmio (KVM_EXIT_MMIO): a guest access that no memory backed.
struct gmem_kvm_run_mmio {
  uint64_t phys_addr;
  uint8_t data[8];
  uint32_t len;
  uint8_t is_write;
};

/// kvm_run.fail_entry (KVM_EXIT_FAIL_ENTRY).
struct gmem_kvm_run_fail_entry {
  uint64_t hardware_entry_failure_reason;
  uint32_t cpu;
};

/// kvm_run.internal (KVM_EXIT_INTERNAL_ERROR): suberror 1 is an emulation failure.
struct gmem_kvm_run_internal {
  uint32_t suberror;
  uint32_t ndata;
  uint64_t data[16];
};

/// kvm_run.memory_fault (KVM_EXIT_MEMORY_FAULT, with KVM_RUN failing EFAULT): the access kind disagreed with the
/// gpa's attribute.
struct gmem_kvm_run_memory_fault {
  uint64_t flags;
  uint64_t gpa;
  uint64_t size;
};

/// The leading part of struct kvm_run (288 of the KVM_GET_VCPU_MMAP_SIZE bytes): the exit reason and the union of
/// exit details. KVM_RUN fills it; `immediate_exit` makes the next KVM_RUN complete a pending access and return
/// EINTR without entering the guest.
struct gmem_kvm_run {
  uint8_t request_interrupt_window;
  uint8_t immediate_exit;
  uint8_t padding1[6];
  uint32_t exit_reason;
  uint8_t ready_for_interrupt_injection;
  uint8_t if_flag;
  uint16_t flags;
  uint64_t cr8;
  uint64_t apic_base;
  union {
    struct gmem_kvm_run_fail_entry fail_entry;
    struct gmem_kvm_run_io io;
    struct gmem_kvm_run_mmio mmio;
    struct gmem_kvm_run_internal internal;
    struct gmem_kvm_run_memory_fault memory_fault;
    uint8_t exit_padding[256];
  };
};

/// KVM_GET_SUPPORTED_CPUID on `kvm_fd`, then KVM_SET_CPUID2 of those entries on `vcpu_fd`, so the guest sees the
/// host's physical address width. Returns 0 or -errno.
int gmem_kvm_set_supported_cpuid(int kvm_fd, int vcpu_fd);

#endif
