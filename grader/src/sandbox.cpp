#include "sandbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "cgroup_jail.hpp"
#include "seccomp_filter.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// Returns the full path of `program` found in PATH, or "".
std::string find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    std::size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    fs::path candidate = fs::path(dirs.substr(begin, end - begin)) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    begin = end + 1;
  }
  return "";
}

// What of the host's filesystem a sandboxed command sees, read-only: the system's
// programs and libraries, and the few files of /etc that the compiler, the C
// library and CPython read. Everything else (home folders, /root, /var, /srv,
// /etc/shadow, other checkouts) does not exist inside. On a merged-/usr system
// /bin, /lib... are symlinks into /usr and are recreated as such.
constexpr const char* kSystemTrees[] = {"/usr",   "/bin",   "/sbin",  "/lib",
                                        "/lib32", "/lib64", "/libx32"};
constexpr const char* kEtcEntries[] = {
    "/etc/alternatives",  "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
    "/etc/localtime",     "/etc/timezone",    "/etc/passwd",     "/etc/group",
    "/etc/nsswitch.conf", "/etc/hosts",       "/etc/host.conf",  "/etc/python3",
    "/etc/python3.11",    "/etc/gcc",         "/etc/mime.types"};
// CPU topology: glibc's get_nprocs() and std::thread::hardware_concurrency read it.
constexpr const char* kSysEntries[] = {"/sys/devices/system/cpu"};

void show_host_system(std::vector<std::string>* argv) {
  std::error_code ec;
  for (const char* tree : kSystemTrees) {
    const fs::path path(tree);
    if (fs::is_symlink(path, ec)) {
      argv->insert(argv->end(), {"--symlink", fs::read_symlink(path, ec).string(), tree});
    } else if (fs::exists(path, ec)) {
      argv->insert(argv->end(), {"--ro-bind", tree, tree});
    }
  }
  for (const char* entry : kEtcEntries) {
    if (fs::exists(entry, ec)) argv->insert(argv->end(), {"--ro-bind", entry, entry});
  }
  for (const char* entry : kSysEntries) {
    if (fs::exists(entry, ec)) argv->insert(argv->end(), {"--ro-bind", entry, entry});
  }
}

// The command line of bubblewrap around `command`. Every place the command can
// write is a size-capped tmpfs (/tmp, /dev/shm, the private working folder) or a
// folder its plan names; the sandbox's root, /dev and the hidden folders, which
// bubblewrap makes as tmpfs mounts, are made read-only once everything is in place.
std::vector<std::string> bubblewrap_argv(const Command& command, const SandboxSetup& setup,
                                         const std::string& bwrap, int seccomp_fd) {
  const std::string capped = std::to_string(kPrivateDirBytes);
  std::vector<std::string> argv = {bwrap,           "--die-with-parent", "--new-session",
                                   "--unshare-all", "--cap-drop",        "ALL"};
  if (setup.userns_blocked) argv.insert(argv.end(), {"--unshare-user", "--disable-userns"});
  if (seccomp_fd >= 0) argv.insert(argv.end(), {"--seccomp", std::to_string(seccomp_fd)});
  show_host_system(&argv);
  argv.insert(argv.end(), {"--dev", "/dev", "--size", capped, "--tmpfs", "/dev/shm", "--proc",
                           "/proc", "--size", capped, "--tmpfs", "/tmp"});
  std::error_code ec;
  std::vector<std::string> read_only_tmpfs = {"/dev"};
  for (const auto& hidden : setup.hidden) {
    if (!fs::is_directory(hidden, ec)) continue;
    argv.insert(argv.end(), {"--tmpfs", hidden.string()});
    read_only_tmpfs.push_back(hidden.string());
  }
  const SandboxPlan& plan = command.sandbox;
  for (const auto& path : plan.read_only) {
    argv.insert(argv.end(), {"--ro-bind", path.string(), path.string()});
  }
  for (const auto& path : plan.writable) {
    argv.insert(argv.end(), {"--bind", path.string(), path.string()});
  }
  if (!plan.private_dir.empty()) {
    argv.insert(argv.end(), {"--size", capped, "--tmpfs", plan.private_dir.string()});
  }
  // Last, so the mount points of the binds above could still be made in them. Mounts
  // below (/dev/shm, /dev/null, binds) keep their own flags.
  for (const auto& path : read_only_tmpfs) argv.insert(argv.end(), {"--remount-ro", path});
  argv.insert(argv.end(), {"--remount-ro", "/"});
  if (!command.workdir.empty()) argv.insert(argv.end(), {"--chdir", command.workdir.string()});
  argv.insert(argv.end(), {"--setenv", "HOME", "/tmp", "--"});
  argv.insert(argv.end(), command.argv.begin(), command.argv.end());
  return argv;
}

// A seccomp program in a descriptor of its own for one command; closed when it ends.
class SeccompFd {
 public:
  explicit SeccompFd(const std::string& program) {
    std::string err;
    if (!program.empty()) fd_ = seccomp_program_fd(program, &err);
  }
  ~SeccompFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  SeccompFd(const SeccompFd&) = delete;
  SeccompFd& operator=(const SeccompFd&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

// Returns true iff bubblewrap runs /bin/true with `setup`'s options; else *why says how it failed.
bool probe_bubblewrap(const SandboxSetup& setup, const std::string& bwrap, std::string* why) {
  Command probe;
  probe.argv = {"/bin/true"};
  probe.sandbox.enabled = true;
  probe.limits.wall_s = 10;
  const SeccompFd filter(setup.keyring_program);
  Command wrapped = probe;
  wrapped.argv = bubblewrap_argv(probe, setup, bwrap, filter.fd());
  if (filter.fd() >= 0) wrapped.inherit_fds.push_back(filter.fd());
  wrapped.signal_as_exit_status = true;
  const Outcome outcome = run_command(wrapped);
  *why = outcome.describe() + (outcome.output.empty() ? "" : ": " + outcome.output.substr(0, 200));
  return outcome.succeeded();
}

}  // namespace

SandboxSetup detect_sandbox(const Toolchain& toolchain, bool requested) {
  SandboxSetup setup;
  setup.requested = requested;
  setup.hidden = {toolchain.source_dir, toolchain.build_dir};
  if (const char* home = std::getenv("HOME"); home != nullptr && fs::path(home) != "/") {
    setup.hidden.emplace_back(home);
  }
  setup.cgroups = CgroupJail::available(&setup.cgroup_note);
  if (setup.cgroups) {
    const CgroupJail trial(kMaxProcesses, 0, true);
    setup.cpu_share = trial.ok() && trial.has_cpu_share();
    setup.cpu_accounting = trial.ok() && trial.cpu_seconds() >= 0;
  }
  if (!requested) return setup;
  const std::string bwrap = find_in_path("bwrap");
  if (bwrap.empty()) {
    setup.bubblewrap_note = "bubblewrap (bwrap) is not installed";
    return setup;
  }
  // The full sandbox first; where this bubblewrap cannot forbid nested user namespaces
  // or take a seccomp filter, the one it can run, and protections() says what is missing.
  setup.userns_blocked = true;
  setup.keyring_program = keyring_seccomp_program();
  std::string why;
  setup.bubblewrap = probe_bubblewrap(setup, bwrap, &why);
  if (!setup.bubblewrap) {
    setup.userns_blocked = false;
    setup.keyring_program.clear();
    std::string plain_why;
    setup.bubblewrap = probe_bubblewrap(setup, bwrap, &plain_why);
    if (setup.bubblewrap) {
      setup.hardening_note =
          "nested user namespaces and kernel keyring calls (this bubblewrap "
          "refused --disable-userns or a seccomp filter: " +
          why + ")";
    }
    why = plain_why;
  }
  if (!setup.bubblewrap) {
    setup.bubblewrap_note =
        "bubblewrap cannot start here (" + why + "); are user namespaces disabled?";
  }
  return setup;
}

Command apply_sandbox(const Command& command, const SandboxSetup& setup, int seccomp_fd) {
  if (!command.sandbox.enabled || !setup.requested || !setup.bubblewrap) return command;
  static const std::string bwrap = find_in_path("bwrap");
  Command wrapped = command;
  const std::size_t outside = std::min(command.sandbox.outside_argc, command.argv.size());
  if (outside > 0) {
    // Only the inner program goes into bubblewrap; the harness stays outside and
    // reports the inner program's end itself. The harness hands its child no
    // descriptor but the protocol's, so bubblewrap gets no --seccomp here: the
    // harness's own filter refuses the keyring calls (harness.cpp).
    Command inner = command;
    inner.argv.assign(command.argv.begin() + static_cast<std::ptrdiff_t>(outside),
                      command.argv.end());
    wrapped.argv.assign(command.argv.begin(),
                        command.argv.begin() + static_cast<std::ptrdiff_t>(outside));
    const auto sandboxed = bubblewrap_argv(inner, setup, bwrap, -1);
    wrapped.argv.insert(wrapped.argv.end(), sandboxed.begin(), sandboxed.end());
    return wrapped;
  }
  wrapped.argv = bubblewrap_argv(command, setup, bwrap, seccomp_fd);
  if (seccomp_fd >= 0) wrapped.inherit_fds.push_back(seccomp_fd);
  wrapped.signal_as_exit_status = true;
  return wrapped;
}

CommandRunner sandboxed_runner(const SandboxSetup& setup, CommandRunner inner) {
  return [setup, inner = std::move(inner)](const Command& command) {
    if (!command.sandbox.enabled || !setup.requested || !setup.bubblewrap) return inner(command);
    const SeccompFd filter(setup.keyring_program);  // bubblewrap reads it once: one per run
    if (!setup.keyring_program.empty() && filter.fd() < 0) {
      Outcome refused;
      refused.start_error = "the grader could not prepare the sandbox's seccomp filter";
      return refused;
    }
    return inner(apply_sandbox(command, setup, filter.fd()));
  };
}

std::vector<std::string> protections(const SandboxSetup& setup) {
  std::vector<std::string> list = {"wall-clock and CPU-time limits", "memory limit", "output cap",
                                   "file-size limit"};
  if (setup.cpu_accounting) list.push_back("CPU-time limit over all of a run's tasks (cgroup)");
  if (setup.cpu_share) {
    list.push_back(
        "a CPU share of its own per check run: its tasks weigh as one program (cgroup cpu)");
  } else {
    list.push_back("check runs at a lower CPU priority (nice " + std::to_string(kFallbackNice) +
                   "; no cgroup cpu controller for a CPU share of their own)");
  }
  list.push_back(setup.cgroups
                     ? "process limit (cgroup pids)"
                     : (::geteuid() != 0
                            ? "process limit (RLIMIT_NPROC; no cgroup: " + setup.cgroup_note + ")"
                            : "no process limit (no cgroup: " + setup.cgroup_note + ")"));
  list.push_back("every process killed at the end (process group, subreaper" +
                 std::string(setup.cgroups ? ", cgroup" : "") +
                 (setup.bubblewrap && setup.requested ? ", PID namespace)" : ")"));
  if (!setup.requested) {
    list.push_back("sandbox turned off (--no-sandbox): no filesystem, network or PID isolation");
  } else if (setup.bubblewrap) {
    list.push_back(
        "bubblewrap: only the system's programs and libraries visible, read-only (no home "
        "folders, checkout, hidden tests or solutions); private /tmp, /dev/shm and working "
        "folder of 256 MiB each, nothing else writable; results returned in memory, not on "
        "disk; minimal environment; no descriptor of the grader's; own PID and IPC "
        "namespaces; loopback-only network; no capabilities" +
        std::string(setup.userns_blocked ? "; no nested user namespaces" : "") +
        (setup.keyring_program.empty() ? "" : "; no kernel keyring calls (seccomp)"));
    if (!setup.hardening_note.empty()) list.push_back("not forbidden: " + setup.hardening_note);
  } else {
    list.push_back("no filesystem, network or PID isolation: " + setup.bubblewrap_note);
  }
  return list;
}

}  // namespace ptlabs::grader
