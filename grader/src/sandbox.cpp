#include "sandbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "cgroup_jail.hpp"

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

std::vector<std::string> bubblewrap_argv(const Command& command, const SandboxSetup& setup,
                                         const std::string& bwrap) {
  std::vector<std::string> argv = {bwrap,           "--die-with-parent", "--new-session",
                                   "--unshare-all", "--cap-drop",        "ALL"};
  show_host_system(&argv);
  argv.insert(argv.end(), {"--dev", "/dev", "--proc", "/proc", "--size",
                           std::to_string(kPrivateDirBytes), "--tmpfs", "/tmp"});
  std::error_code ec;
  for (const auto& hidden : setup.hidden) {
    if (fs::is_directory(hidden, ec)) argv.insert(argv.end(), {"--tmpfs", hidden.string()});
  }
  const SandboxPlan& plan = command.sandbox;
  for (const auto& path : plan.read_only) {
    argv.insert(argv.end(), {"--ro-bind", path.string(), path.string()});
  }
  for (const auto& path : plan.writable) {
    argv.insert(argv.end(), {"--bind", path.string(), path.string()});
  }
  if (!plan.private_dir.empty()) {
    argv.insert(argv.end(),
                {"--size", std::to_string(kPrivateDirBytes), "--tmpfs", plan.private_dir.string()});
  }
  if (!command.workdir.empty()) argv.insert(argv.end(), {"--chdir", command.workdir.string()});
  argv.insert(argv.end(), {"--setenv", "HOME", "/tmp", "--"});
  argv.insert(argv.end(), command.argv.begin(), command.argv.end());
  return argv;
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
  Command probe;
  probe.argv = {"/bin/true"};
  probe.sandbox.enabled = true;
  probe.limits.wall_s = 10;
  Command wrapped = probe;
  wrapped.argv = bubblewrap_argv(probe, setup, bwrap);
  wrapped.signal_as_exit_status = true;
  const Outcome outcome = run_command(wrapped);
  setup.bubblewrap = outcome.succeeded();
  if (!setup.bubblewrap) {
    setup.bubblewrap_note = "bubblewrap cannot start here (" + outcome.describe() +
                            (outcome.output.empty() ? "" : ": " + outcome.output.substr(0, 200)) +
                            "); are user namespaces disabled?";
  }
  return setup;
}

Command apply_sandbox(const Command& command, const SandboxSetup& setup) {
  if (!command.sandbox.enabled || !setup.requested || !setup.bubblewrap) return command;
  static const std::string bwrap = find_in_path("bwrap");
  Command wrapped = command;
  const std::size_t outside = std::min(command.sandbox.outside_argc, command.argv.size());
  if (outside > 0) {
    // Only the inner program goes into bubblewrap; the harness stays outside and
    // reports the inner program's end itself.
    Command inner = command;
    inner.argv.assign(command.argv.begin() + static_cast<std::ptrdiff_t>(outside),
                      command.argv.end());
    wrapped.argv.assign(command.argv.begin(),
                        command.argv.begin() + static_cast<std::ptrdiff_t>(outside));
    const auto sandboxed = bubblewrap_argv(inner, setup, bwrap);
    wrapped.argv.insert(wrapped.argv.end(), sandboxed.begin(), sandboxed.end());
    return wrapped;
  }
  wrapped.argv = bubblewrap_argv(command, setup, bwrap);
  wrapped.signal_as_exit_status = true;
  return wrapped;
}

CommandRunner sandboxed_runner(const SandboxSetup& setup, CommandRunner inner) {
  return [setup, inner = std::move(inner)](const Command& command) {
    return inner(apply_sandbox(command, setup));
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
        "folders, checkout, hidden tests or solutions); private /tmp and working folder of "
        "256 MiB each; results returned in memory, not on disk; minimal environment; own PID "
        "namespace; loopback-only network; no capabilities");
  } else {
    list.push_back("no filesystem, network or PID isolation: " + setup.bubblewrap_note);
  }
  return list;
}

}  // namespace ptlabs::grader
