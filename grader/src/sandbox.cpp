#include "sandbox.hpp"

#include <unistd.h>
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

std::vector<std::string> bubblewrap_argv(const Command& command, const SandboxSetup& setup,
                                         const std::string& bwrap) {
  std::vector<std::string> argv = {bwrap,
                                   "--die-with-parent",
                                   "--new-session",
                                   "--unshare-all",
                                   "--cap-drop",
                                   "ALL",
                                   "--ro-bind",
                                   "/",
                                   "/",
                                   "--dev",
                                   "/dev",
                                   "--proc",
                                   "/proc",
                                   "--size",
                                   std::to_string(kPrivateDirBytes),
                                   "--tmpfs",
                                   "/tmp"};
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
  Outcome outcome =
      run_command(Command{bubblewrap_argv(probe, setup, bwrap), {}, {}, probe.limits, {}, true});
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
        "bubblewrap: read-only system, hidden tests and solutions not visible, private "
        "/tmp and working folder, own PID namespace, loopback-only network, no "
        "capabilities");
  } else {
    list.push_back("no filesystem, network or PID isolation: " + setup.bubblewrap_note);
  }
  return list;
}

}  // namespace ptlabs::grader
