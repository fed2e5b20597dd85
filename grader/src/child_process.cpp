#include "child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/keyctl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "cgroup_jail.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace {

// Pids of commands now running, so a sweep for orphans never kills another run.
std::mutex g_active_mutex;
std::set<pid_t> g_active;

double cpu_seconds(const rusage& usage) {
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Child side: marks every descriptor above 2 close-on-exec, then clears the flag
// on `keep` alone, so the command inherits nothing else of the grader's: not a
// descriptor the grader itself inherited without close-on-exec (from a CI runner,
// a jobserver, a wrapper script), which would otherwise reach student code (a
// directory descriptor climbs out of the sandbox's root with openat(fd, "..")).
// Async-signal-safe: close_range, or fcntl on each descriptor where the kernel
// has no close_range (before 5.11).
void close_other_descriptors(const std::vector<int>& keep) {
  if (::syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) != 0) {
    rlimit open_files{};
    ::getrlimit(RLIMIT_NOFILE, &open_files);
    const rlim_t last = std::min<rlim_t>(open_files.rlim_cur, 1u << 20);
    for (rlim_t fd = 3; fd < last; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
  }
  for (int fd : keep) ::fcntl(fd, F_SETFD, 0);
}

// Child side: set limits, wire output, exec. Only async-signal-safe calls after fork.
[[noreturn]] void exec_child(const Command& command, int out_fd, int go_fd, char* const* argv,
                             char* const* envp, rlim_t max_user_processes, bool lower_priority) {
  ::setpgid(0, 0);
  if (go_fd >= 0) {  // wait until the parent has put this process into its cgroup
    char go;
    while (::read(go_fd, &go, 1) < 0 && errno == EINTR) {
    }
  }
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(out_fd, STDERR_FILENO);
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  close_other_descriptors(command.inherit_fds);
  // A session keyring of its own: the command does not hold the grader's (under a
  // login session, pam_keyinit's), so what it stores there ends with it.
  ::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr);
  rlimit core{0, 0};
  ::setrlimit(RLIMIT_CORE, &core);
  if (command.limits.cpu_s > 0) {
    auto seconds = static_cast<rlim_t>(std::ceil(command.limits.cpu_s));
    rlimit cpu{seconds, seconds + 1};
    ::setrlimit(RLIMIT_CPU, &cpu);
  }
  if (command.limits.memory_bytes > 0) {
    rlimit memory{command.limits.memory_bytes, command.limits.memory_bytes};
    ::setrlimit(RLIMIT_AS, &memory);
  }
  if (command.limits.max_file_bytes > 0) {
    rlimit size{command.limits.max_file_bytes, command.limits.max_file_bytes};
    ::setrlimit(RLIMIT_FSIZE, &size);
  }
  if (max_user_processes > 0) {  // the fallback without cgroups; counts all of the user's
    rlimit processes{max_user_processes, max_user_processes};
    ::setrlimit(RLIMIT_NPROC, &processes);
  }
  if (lower_priority) ::setpriority(PRIO_PROCESS, 0, kFallbackNice);
  if (!command.workdir.empty() && ::chdir(command.workdir.c_str()) != 0) ::_exit(126);
  ::execvpe(argv[0], argv, envp);
  static const char kMessage[] = "ptlabs: exec failed\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(127);
}

// Returns how many processes the effective user runs now, from /proc.
long processes_of_user() {
  long count = 0;
  std::error_code ec;
  const uid_t me = ::geteuid();
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) == 0 && info.st_uid == me &&
        std::isdigit(static_cast<unsigned char>(entry.path().filename().string()[0]))) {
      ++count;
    }
  }
  return count;
}

// Returns the pids whose parent is any thread of this process, read from /proc.
std::vector<pid_t> own_children() {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "children");
    pid_t pid;
    while (in >> pid) children.push_back(pid);
  }
  return children;
}

// Kills and reaps children of the grader that no running command owns: they
// are descendants of finished commands that escaped their process group.
void sweep_orphans() {
  for (int round = 0; round < 50; ++round) {
    std::vector<pid_t> strays;
    {
      std::lock_guard lock(g_active_mutex);
      for (pid_t pid : own_children()) {
        if (!g_active.count(pid)) strays.push_back(pid);
      }
    }
    if (strays.empty()) return;
    for (pid_t pid : strays) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
}

struct CString {
  std::vector<std::string> storage;
  std::vector<char*> pointers;
  explicit CString(std::vector<std::string> strings) : storage(std::move(strings)) {
    for (auto& s : storage) pointers.push_back(s.data());
    pointers.push_back(nullptr);
  }
};

// The variables a command with a minimal environment keeps from the grader's.
bool kept_in_minimal_environment(const std::string& entry) {
  for (const char* name : {"PATH=", "LANG=", "LC_ALL=", "TZ="}) {
    if (entry.rfind(name, 0) == 0) return true;
  }
  return false;
}

std::vector<std::string> environment_for(const Command& command) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!command.minimal_environment || kept_in_minimal_environment(*e)) env.emplace_back(*e);
  }
  env.insert(env.end(), command.env.begin(), command.env.end());
  return env;
}

}  // namespace

std::string Outcome::describe() const {
  if (!started) return "could not start: " + start_error;
  std::ostringstream text;
  if (timed_out) {
    text << "killed after the wall-clock limit";
  } else if (output_flooded) {
    text << "killed for writing too much output (" << output_total << " bytes)";
  } else if (cpu_exceeded) {
    text << "killed at the CPU-time limit";
  } else if (process_limit_hit && term_signal != 0) {
    text << "killed by signal " << term_signal << " (" << ::strsignal(term_signal)
         << ") after hitting the limit on processes";
  } else if (term_signal != 0) {
    text << "killed by signal " << term_signal << " (" << ::strsignal(term_signal) << ")";
  } else {
    text << "exited with status " << exit_code;
  }
  return text.str();
}

Outcome run_command(const Command& command) {
  Outcome outcome;
  if (command.argv.empty()) {
    outcome.start_error = "empty command";
    return outcome;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.start_error = std::string("pipe: ") + std::strerror(errno);
    return outcome;
  }
  CString argv(command.argv);
  CString envp(environment_for(command));
  const std::uint64_t start = now_ns();

  // A process cap: a cgroup of the run's own where one can be made, else RLIMIT_NPROC
  // (which counts every process of the user, so it is set above what already runs).
  std::optional<CgroupJail> jail;
  rlim_t max_user_processes = 0;
  int go[2] = {-1, -1};
  if (command.limits.max_processes > 0) {
    jail.emplace(command.limits.max_processes, command.limits.memory_bytes,
                 command.limits.own_cpu_share);
    if (jail->ok() && ::pipe2(go, O_CLOEXEC) != 0) jail.reset();
    if (!jail || !jail->ok()) {
      jail.reset();
      if (::geteuid() != 0) {
        max_user_processes =
            static_cast<rlim_t>(processes_of_user() + command.limits.max_processes);
      }
    }
  }

  // Without a CPU share of its own, a run that asked for one runs at a lower
  // priority instead: a fork bomb's tasks then weigh 1/9 of a normal program each.
  const bool lower_priority = command.limits.own_cpu_share && !(jail && jail->has_cpu_share());
  pid_t pid;
  {
    // Registered under the lock so a concurrent sweep never mistakes it for an orphan.
    std::lock_guard lock(g_active_mutex);
    pid = ::fork();
    if (pid == 0) {
      if (go[1] >= 0) ::close(go[1]);
      exec_child(command, fds[1], go[0], argv.pointers.data(), envp.pointers.data(),
                 max_user_processes, lower_priority);
    }
    if (pid > 0) g_active.insert(pid);
  }
  ::close(fds[1]);
  if (go[0] >= 0) ::close(go[0]);
  if (pid < 0) {
    outcome.start_error = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    if (go[1] >= 0) ::close(go[1]);
    return outcome;
  }
  ::setpgid(pid, pid);  // also in the child: whichever runs first wins the race
  if (jail) {
    jail->add(pid);
    (void)!::write(go[1], "g", 1);
    ::close(go[1]);
  }
  outcome.started = true;

  const auto deadline = start + static_cast<std::uint64_t>(command.limits.wall_s * 1e9);
  bool exited = false;
  int status = 0;
  rusage usage{};
  char buffer[65536];
  bool pipe_open = true;
  std::uint64_t next_cpu_check = 0;
  while (true) {
    if (!exited) {
      pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
      if (done == pid) exited = true;
    }
    if (exited && !pipe_open) break;
    if (exited) {
      // The command is gone; whatever else still holds the pipe is killed: its
      // cgroup, its group, and descendants that left the group and were re-parented here.
      if (jail) jail->kill_all();
      ::kill(-pid, SIGKILL);
      {
        std::lock_guard lock(g_active_mutex);
        g_active.erase(pid);
      }
      sweep_orphans();
    }
    if (now_ns() > deadline && !exited) {
      outcome.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
    }
    // RLIMIT_CPU counts one process; many tasks each under it are stopped by
    // their sum, which the cgroup accounts (checked every 100 ms).
    if (jail && command.limits.cpu_s > 0 && !exited && !outcome.cpu_exceeded &&
        now_ns() >= next_cpu_check) {
      next_cpu_check = now_ns() + 100'000'000;
      if (jail->cpu_seconds() > command.limits.cpu_s) {
        outcome.cpu_exceeded = true;
        jail->kill_all();
        ::kill(-pid, SIGKILL);
      }
    }
    if (!pipe_open) {
      ptlabs::sleep_ns(2'000'000);
      continue;
    }
    pollfd poll_fd{fds[0], POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, 20);
    if (ready <= 0) continue;
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      pipe_open = false;
      continue;
    }
    outcome.output_total += static_cast<std::size_t>(n);
    std::size_t room = command.limits.output_bytes > outcome.output.size()
                           ? command.limits.output_bytes - outcome.output.size()
                           : 0;
    outcome.output.append(buffer, std::min(room, static_cast<std::size_t>(n)));
    if (outcome.output_total > command.limits.output_kill_bytes && !outcome.output_flooded) {
      outcome.output_flooded = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
    }
  }
  ::close(fds[0]);
  if (jail) {
    outcome.process_limit_hit = jail->hit_process_limit();
    jail->kill_all();
  }
  ::kill(-pid, SIGKILL);
  {
    std::lock_guard lock(g_active_mutex);
    g_active.erase(pid);
  }
  sweep_orphans();

  outcome.wall_s = static_cast<double>(now_ns() - start) / 1e9;
  outcome.cpu_s = cpu_seconds(usage);
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.term_signal = WTERMSIG(status);
  if (command.signal_as_exit_status && outcome.exit_code > 128 && outcome.exit_code < 128 + 65) {
    outcome.term_signal = outcome.exit_code - 128;
    outcome.exit_code = -1;
  }
  if (outcome.term_signal != 0 && !outcome.cpu_exceeded) {
    outcome.cpu_exceeded = outcome.term_signal == SIGXCPU ||
                           (command.limits.cpu_s > 0 && outcome.cpu_s >= command.limits.cpu_s);
  }
  if (outcome.output_total > outcome.output.size()) {
    outcome.output += "\n[... output cut: " + std::to_string(outcome.output_total) +
                      " bytes in all, the first " + std::to_string(outcome.output.size()) +
                      " kept]\n";
  }
  return outcome;
}

void become_subreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

}  // namespace ptlabs::grader
