// The seccomp filter bubblewrap installs around student code (sandbox.cpp).
//
// It refuses the kernel keyring calls (add_key, request_key, keyctl) with EPERM.
// Inside the sandbox, code runs as the grader's user: with the grader run as
// root, the keys of root's own keyrings (its user and user-session keyrings,
// which outlive every run) are open to it by serial number, so one run could
// leave a key that a later run, another student's, reads. Student code has no
// use for kernel keys; without these calls nothing of a run survives in the
// kernel's key store.
#pragma once

#include <string>

namespace ptlabs::grader {

// The filter as a classic BPF program (struct sock_filter[], as bubblewrap's
// --seccomp reads it) for the architecture the grader was built for, including
// the compatibility ABIs a 64-bit x86 process can call (i386, x32). Empty on an
// architecture this does not know: then no filter is installed.
std::string keyring_seccomp_program();

// A fresh in-memory file holding `program`, read from its start: the descriptor
// bubblewrap's --seccomp takes (it reads it once, to the end). -1 (with *err)
// when the kernel refuses. The caller closes it.
int seccomp_program_fd(const std::string& program, std::string* err);

}  // namespace ptlabs::grader
