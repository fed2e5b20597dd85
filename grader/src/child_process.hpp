// Runs one command in a child process under limits, and cleans up after it.
//
// The child gets its own process group, a CPU-time limit (RLIMIT_CPU), an
// optional address-space limit, no core dumps, no descriptor of the grader's
// but stdin (/dev/null) and the ones it is given, a session keyring of its
// own, and its stdout and stderr
// merged into one capped capture. When the command ends, runs out of time, or
// floods its output, the whole process group is killed, and any descendant that
// escaped the group (setsid, double fork) is found through the grader being a
// child subreaper and killed too. Nothing the command started outlives run_command().
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ptlabs::grader {

struct Limits {
  double wall_s = 60;  // wall clock, then SIGKILL
  double cpu_s = 0;    // CPU seconds (user + sys); 0 = none. Per process (RLIMIT_CPU) and,
                       // with a cgroup, for all the command's tasks together
  std::uint64_t memory_bytes = 0;            // address space (and cgroup memory); 0 = none
  int max_processes = 0;                     // processes and threads at once (cgroup); 0 = none
  std::uint64_t max_file_bytes = 0;          // largest file it may write (RLIMIT_FSIZE); 0 = none
  std::size_t output_bytes = 256 << 10;      // kept output; more is counted, not kept
  std::size_t output_kill_bytes = 64 << 20;  // output past this kills the command
  // With a cgroup: its tasks together weigh as one program on the CPU (the cpu
  // controller), so a fork bomb of spinning tasks slows other work no more than
  // one busy program would. Off for performance trials, which must not be
  // measured under a different weight than the machine's other programs.
  // Where no cgroup cpu controller can be had, the command runs at nice
  // kFallbackNice instead.
  bool own_cpu_share = false;
};

// The niceness of a run that wanted a CPU share of its own and got none.
inline constexpr int kFallbackNice = 10;

// What a sandbox must let a command see (sandbox.hpp applies it). Commands that
// run only the project's own programs leave it empty.
struct SandboxPlan {
  bool enabled = false;
  std::vector<std::filesystem::path> read_only;  // shown read-only inside hidden places
  std::vector<std::filesystem::path> writable;   // bound read-write
  std::filesystem::path private_dir;             // a fresh size-capped tmpfs here (the cwd)
  // The first `outside_argc` words of argv are a trusted program (a lab's harness)
  // that runs outside the sandbox and starts the rest, which runs inside it.
  std::size_t outside_argc = 0;
};

struct Command {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  std::filesystem::path workdir;  // empty: the grader's own
  std::vector<std::string> env;   // extra NAME=VALUE entries
  Limits limits;
  SandboxPlan sandbox;  // for student code; see sandbox.hpp
  // True when argv[0] is a wrapper (bubblewrap) that reports its child's death by
  // signal N as exit status 128 + N; run_command() turns it back into the signal.
  bool signal_as_exit_status = false;
  // Start from a minimal environment (PATH, LANG, LC_ALL, TZ) instead of the
  // grader's: student code must not see the instructor's variables (CI tokens,
  // GTEST_* settings that would change what a check runs).
  bool minimal_environment = false;
  // Descriptors of the grader the command inherits (their close-on-exec flag is
  // cleared in the child only); every other descriptor above 2 is closed to it,
  // close-on-exec or not (close_range in the child), so nothing the grader itself
  // inherited (a CI runner's, a jobserver's) reaches the command.
  std::vector<int> inherit_fds;
};

struct Outcome {
  bool started = false;
  std::string start_error;         // why it could not start
  int exit_code = -1;              // when it exited normally
  int term_signal = 0;             // when a signal ended it
  bool timed_out = false;          // killed at the wall-clock limit
  bool cpu_exceeded = false;       // ended by the CPU-time limit
  bool output_flooded = false;     // killed for writing more than output_kill_bytes
  bool process_limit_hit = false;  // a fork failed at limits.max_processes
  std::string output;              // merged stdout and stderr, the first output_bytes
  std::size_t output_total = 0;
  double wall_s = 0;
  double cpu_s = 0;  // user + sys of the command and its reaped descendants

  // Returns true iff it started and exited with status 0.
  bool succeeded() const { return started && term_signal == 0 && exit_code == 0 && !timed_out; }
  // Describes how it ended, for a person: "exited with status 1", "killed by SIGSEGV", ...
  std::string describe() const;
};

// The seam through which grading logic runs commands; tests pass a fake.
using CommandRunner = std::function<Outcome(const Command&)>;

// Runs `command` for real. Thread-safe.
Outcome run_command(const Command& command);

// Makes this process a child subreaper, so orphaned descendants of commands are
// re-parented here and can be reaped. Call once at startup.
void become_subreaper();

}  // namespace ptlabs::grader
