// The sandbox around student code (README.md describes it for instructors).
//
// Every build and run of student code carries a SandboxPlan (child_process.hpp)
// saying what it must see. Where bubblewrap works, the command runs inside it:
// an empty root in which only the system's programs and libraries (/usr) and a
// short list of /etc files are shown read-only (an allowlist: home folders,
// /root, /etc/shadow, the project checkout and the build folder do not exist,
// so hidden tests and solutions cannot be read), the plan's paths shown or
// writable, a private /tmp, /dev/shm and working folder capped in size (the
// sandbox's root, /dev and the hidden folders are read-only, so no other
// place takes a byte), its own PID namespace (every process it started dies
// with it; it cannot see or signal the grader), its own network and IPC
// namespaces (loopback only; SysV and POSIX IPC objects die with the run), its
// own user namespace in which no further one can be made (bubblewrap's
// --disable-userns: a nested user namespace would let it mount cgroup
// hierarchies of its own and raise its limits), no kernel keyring calls (a
// seccomp filter, seccomp_filter.hpp), and no capabilities. Limits on time, memory, processes,
// output and file size are applied by run_command() in any case. Where bubblewrap cannot run, the
// command runs without it, and protections() says what is missing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

struct SandboxSetup {
  bool requested = true;  // false with --no-sandbox
  bool bubblewrap = false;
  std::string bubblewrap_note;  // why not, when it cannot run
  bool cgroups = false;
  std::string cgroup_note;
  bool cpu_share = false;       // check runs get a CPU share of their own (cgroup cpu)
  bool cpu_accounting = false;  // CPU time summed over all of a run's tasks
  // Bubblewrap made the run's own user namespace and forbade nested ones
  // (--unshare-user --disable-userns); false where this bubblewrap cannot.
  bool userns_blocked = false;
  std::string keyring_program;  // the seccomp filter's program (seccomp_filter.hpp); "" = none
  std::string hardening_note;   // what of those this bubblewrap refused, and how
  std::vector<std::filesystem::path> hidden;  // replaced by empty folders inside
};

// Finds out once what this machine allows: runs bubblewrap on /bin/true and
// tries to create a cgroup.
SandboxSetup detect_sandbox(const Toolchain& toolchain, bool requested);

// Returns `command` wrapped in bubblewrap when its plan asks for a sandbox and
// bubblewrap works; else `command` unchanged. `seccomp_fd` (from
// seccomp_program_fd, read from its start, open until the command has run) is
// the filter bubblewrap installs; -1 for none.
Command apply_sandbox(const Command& command, const SandboxSetup& setup, int seccomp_fd = -1);

// A runner that applies the sandbox before running each command with `inner`.
CommandRunner sandboxed_runner(const SandboxSetup& setup, CommandRunner inner);

// The protections active on student code, for the report.
std::vector<std::string> protections(const SandboxSetup& setup);

// Limits for one run of a check or a perf trial, and for one compile or link.
inline constexpr int kMaxProcesses = 2048;  // tasks: processes and threads
inline constexpr std::uint64_t kMaxFileBytes = 64ull << 20;
inline constexpr std::uint64_t kPrivateDirBytes = 256ull << 20;  // each of /tmp, /dev/shm, cwd

}  // namespace ptlabs::grader
