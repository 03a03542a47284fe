import Testing

/// The tests that use /dev/kvm. They run one at a time: the leak checks count the KVM fds of the whole process,
/// so no other KVM test may hold one meanwhile.
@Suite(.serialized)
enum KVMTests {}
