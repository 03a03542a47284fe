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
