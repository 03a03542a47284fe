// The system-call wrappers of CGmemSys.h, and compile-time checks of its layouts and ioctl numbers.
#define _GNU_SOURCE
#include "CGmemSys.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GMEM_KVMIO 0xAE

_Static_assert(sizeof(struct gmem_kvm_create_guest_memfd) == 64, "kvm_create_guest_memfd is 64 bytes");
_Static_assert(sizeof(struct gmem_kvm_userspace_memory_region2) == 160, "kvm_userspace_memory_region2 is 160 bytes");
_Static_assert(offsetof(struct gmem_kvm_userspace_memory_region2, guest_memfd) == 40, "guest_memfd at 40");
_Static_assert(sizeof(struct gmem_kvm_memory_attributes) == 32, "kvm_memory_attributes is 32 bytes");
_Static_assert(sizeof(struct gmem_kvm_memory_attributes2) == 128, "kvm_memory_attributes2 is 128 bytes");
_Static_assert(sizeof(struct gmem_kvm_pre_fault_memory) == 64, "kvm_pre_fault_memory is 64 bytes");
_Static_assert(sizeof(struct gmem_cachestat_range) == 16, "cachestat_range is 16 bytes");
_Static_assert(sizeof(struct gmem_cachestat) == 40, "cachestat is 40 bytes");

_Static_assert(GMEM_KVM_GET_API_VERSION == _IO(GMEM_KVMIO, 0x00), "KVM_GET_API_VERSION");
_Static_assert(GMEM_KVM_CREATE_VM == _IO(GMEM_KVMIO, 0x01), "KVM_CREATE_VM");
_Static_assert(GMEM_KVM_CHECK_EXTENSION == _IO(GMEM_KVMIO, 0x03), "KVM_CHECK_EXTENSION");
_Static_assert(GMEM_KVM_GET_VCPU_MMAP_SIZE == _IO(GMEM_KVMIO, 0x04), "KVM_GET_VCPU_MMAP_SIZE");
_Static_assert(GMEM_KVM_CREATE_VCPU == _IO(GMEM_KVMIO, 0x41), "KVM_CREATE_VCPU");
_Static_assert(
  GMEM_KVM_SET_USER_MEMORY_REGION2 == _IOW(GMEM_KVMIO, 0x49, struct gmem_kvm_userspace_memory_region2),
  "KVM_SET_USER_MEMORY_REGION2");
_Static_assert(
  GMEM_KVM_SET_MEMORY_ATTRIBUTES == _IOW(GMEM_KVMIO, 0xd2, struct gmem_kvm_memory_attributes),
  "KVM_SET_MEMORY_ATTRIBUTES");
_Static_assert(
  GMEM_KVM_SET_MEMORY_ATTRIBUTES2 == _IOWR(GMEM_KVMIO, 0xd2, struct gmem_kvm_memory_attributes2),
  "KVM_SET_MEMORY_ATTRIBUTES2");
_Static_assert(
  GMEM_KVM_CREATE_GUEST_MEMFD == _IOWR(GMEM_KVMIO, 0xd4, struct gmem_kvm_create_guest_memfd),
  "KVM_CREATE_GUEST_MEMFD");
_Static_assert(
  GMEM_KVM_PRE_FAULT_MEMORY == _IOWR(GMEM_KVMIO, 0xd5, struct gmem_kvm_pre_fault_memory), "KVM_PRE_FAULT_MEMORY");
_Static_assert(GMEM_KVM_RUN == _IO(GMEM_KVMIO, 0x80), "KVM_RUN");

long gmem_ioctl_int(int fd, unsigned long request, unsigned long arg) {
  long result = ioctl(fd, request, arg);
  return result < 0 ? -(long)errno : result;
}

long gmem_ioctl_ptr(int fd, unsigned long request, void *arg) {
  long result = ioctl(fd, request, arg);
  return result < 0 ? -(long)errno : result;
}

int gmem_cachestat(int fd, uint64_t off, uint64_t len, struct gmem_cachestat *out) {
  struct gmem_cachestat_range range = {.off = off, .len = len};
  long result = syscall(451, fd, &range, out, 0);
  return result < 0 ? -errno : (int)result;
}

int gmem_pidfd_open(int pid) {
  long result = syscall(434, pid, 0);
  return result < 0 ? -errno : (int)result;
}

int gmem_pidfd_getfd(int pidfd, int targetfd) {
  long result = syscall(438, pidfd, targetfd, 0);
  return result < 0 ? -errno : (int)result;
}

int gmem_fallocate(int fd, int mode, int64_t offset, int64_t len) {
  int result = fallocate(fd, mode, (off_t)offset, (off_t)len);
  return result < 0 ? -errno : result;
}

int gmem_open(const char *path, int flags) {
  int result = open(path, flags);
  return result < 0 ? -errno : result;
}

int gmem_close(int fd) {
  int result = close(fd);
  return result < 0 ? -errno : result;
}

_Static_assert(sizeof(struct gmem_io_sqring_offsets) == 40, "io_sqring_offsets is 40 bytes");
_Static_assert(sizeof(struct gmem_io_cqring_offsets) == 40, "io_cqring_offsets is 40 bytes");
_Static_assert(sizeof(struct gmem_io_uring_params) == 120, "io_uring_params is 120 bytes");
_Static_assert(offsetof(struct gmem_io_uring_params, sq_off) == 40, "sq_off at 40");
_Static_assert(offsetof(struct gmem_io_uring_params, cq_off) == 80, "cq_off at 80");
_Static_assert(sizeof(struct gmem_io_uring_rsrc_update2) == 32, "io_uring_rsrc_update2 is 32 bytes");
_Static_assert(offsetof(struct gmem_io_uring_rsrc_update2, data) == 8, "rsrc_update2.data at 8");
_Static_assert(offsetof(struct gmem_io_uring_rsrc_update2, nr) == 24, "rsrc_update2.nr at 24");
_Static_assert(sizeof(struct iovec) == 16, "iovec is 16 bytes");

int gmem_io_uring_setup(uint32_t entries, struct gmem_io_uring_params *params) {
  long result = syscall(425, entries, params);
  return result < 0 ? -errno : (int)result;
}

#include <pthread.h>

/// The arguments and result of io_uring_setup on the helper thread.
struct gmem_ring_setup {
  uint32_t entries;
  struct gmem_io_uring_params *params;
  int result;
};

static void *gmem_ring_setup_thread(void *argument) {
  struct gmem_ring_setup *setup = argument;
  setup->result = gmem_io_uring_setup(setup->entries, setup->params);
  return NULL;
}

int gmem_io_uring_setup_on_helper_thread(uint32_t entries, struct gmem_io_uring_params *params) {
  struct gmem_ring_setup setup = {.entries = entries, .params = params, .result = -EAGAIN};
  pthread_t thread;
  int error = pthread_create(&thread, NULL, gmem_ring_setup_thread, &setup);
  if (error != 0) return -error;
  // pthread_join returns once the thread's exit has cleared its tid, after do_exit dropped its io_uring nodes.
  pthread_join(thread, NULL);
  return setup.result;
}

int gmem_io_uring_register(int ring, uint32_t opcode, void *arg, uint32_t nr_args) {
  long result = syscall(427, ring, opcode, arg, nr_args);
  return result < 0 ? -errno : (int)result;
}

int gmem_io_uring_register_buffers(int ring, const struct iovec *iovecs, uint32_t count) {
  return gmem_io_uring_register(ring, GMEM_IORING_REGISTER_BUFFERS, (void *)iovecs, count);
}

int gmem_io_uring_update_buffers(int ring, uint32_t first, const struct iovec *iovecs, uint32_t count) {
  struct gmem_io_uring_rsrc_update2 update = {.offset = first, .data = (uint64_t)(uintptr_t)iovecs, .nr = count};
  return gmem_io_uring_register(ring, GMEM_IORING_REGISTER_BUFFERS_UPDATE, &update, sizeof update);
}

// MARK: vCPU

/// struct kvm_cpuid_entry2 (40 bytes).
struct gmem_kvm_cpuid_entry2 {
  uint32_t function;
  uint32_t index;
  uint32_t flags;
  uint32_t eax, ebx, ecx, edx;
  uint32_t padding[3];
};

/// struct kvm_cpuid2 with room for 256 entries (KVM_MAX_CPUID_ENTRIES is 256).
struct gmem_kvm_cpuid2 {
  uint32_t nent;
  uint32_t padding;
  struct gmem_kvm_cpuid_entry2 entries[256];
};

_Static_assert(sizeof(struct gmem_kvm_regs) == 144, "kvm_regs is 144 bytes");
_Static_assert(sizeof(struct gmem_kvm_segment) == 24, "kvm_segment is 24 bytes");
_Static_assert(sizeof(struct gmem_kvm_dtable) == 16, "kvm_dtable is 16 bytes");
_Static_assert(sizeof(struct gmem_kvm_sregs) == 312, "kvm_sregs is 312 bytes");
_Static_assert(offsetof(struct gmem_kvm_sregs, cr0) == 224, "kvm_sregs.cr0 at 224");
_Static_assert(offsetof(struct gmem_kvm_sregs, efer) == 264, "kvm_sregs.efer at 264");
_Static_assert(sizeof(struct gmem_kvm_cpuid_entry2) == 40, "kvm_cpuid_entry2 is 40 bytes");
_Static_assert(offsetof(struct gmem_kvm_cpuid2, entries) == 8, "kvm_cpuid2.entries at 8");
_Static_assert(offsetof(struct gmem_kvm_run, immediate_exit) == 1, "kvm_run.immediate_exit at 1");
_Static_assert(offsetof(struct gmem_kvm_run, exit_reason) == 8, "kvm_run.exit_reason at 8");
_Static_assert(offsetof(struct gmem_kvm_run, mmio) == 32, "kvm_run exit union at 32");
_Static_assert(offsetof(struct gmem_kvm_run, mmio.len) == 48, "kvm_run.mmio.len at 48");
_Static_assert(offsetof(struct gmem_kvm_run, mmio.is_write) == 52, "kvm_run.mmio.is_write at 52");
_Static_assert(offsetof(struct gmem_kvm_run, memory_fault.gpa) == 40, "kvm_run.memory_fault.gpa at 40");
_Static_assert(offsetof(struct gmem_kvm_run, internal.data) == 40, "kvm_run.internal.data at 40");
_Static_assert(sizeof(struct gmem_kvm_run) == 288, "kvm_run up to the exit union is 288 bytes");
// The ioctl size of struct kvm_cpuid2 is its 8-byte header (nent, padding) without the flexible entries array.
_Static_assert(GMEM_KVM_GET_SUPPORTED_CPUID == _IOWR(GMEM_KVMIO, 0x05, uint64_t), "KVM_GET_SUPPORTED_CPUID");
_Static_assert(GMEM_KVM_SET_CPUID2 == _IOW(GMEM_KVMIO, 0x90, uint64_t), "KVM_SET_CPUID2");
_Static_assert(GMEM_KVM_GET_REGS == _IOR(GMEM_KVMIO, 0x81, struct gmem_kvm_regs), "KVM_GET_REGS");
_Static_assert(GMEM_KVM_SET_REGS == _IOW(GMEM_KVMIO, 0x82, struct gmem_kvm_regs), "KVM_SET_REGS");
_Static_assert(GMEM_KVM_GET_SREGS == _IOR(GMEM_KVMIO, 0x83, struct gmem_kvm_sregs), "KVM_GET_SREGS");
_Static_assert(GMEM_KVM_SET_SREGS == _IOW(GMEM_KVMIO, 0x84, struct gmem_kvm_sregs), "KVM_SET_SREGS");

int gmem_kvm_set_supported_cpuid(int kvm_fd, int vcpu_fd) {
  struct gmem_kvm_cpuid2 cpuid = {.nent = 256};
  if (ioctl(kvm_fd, GMEM_KVM_GET_SUPPORTED_CPUID, &cpuid) < 0) return -errno;
  if (ioctl(vcpu_fd, GMEM_KVM_SET_CPUID2, &cpuid) < 0) return -errno;
  return 0;
}
