// Hostile: tries to leave the check's cgroup, which caps its processes and memory: it
// writes its pid into the root of every cgroup hierarchy (v1 and v2) and tries to raise
// its own pids.max, then starts 3000 sleeping children, more than the 2048 allowed. The
// sandbox mounts /sys read-only and drops every capability, so every write fails.
// Expected: the process checks end `failed` (a fork fails at the cap), the thread checks
// pass, and none of the children survives.
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const std::string pid = std::to_string(::getpid());
  std::string escaped;
  for (const char* root : {"/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/unified",
                           "/sys/fs/cgroup"}) {
    if (write_text(std::string(root) + "/cgroup.procs", pid)) escaped += std::string(" ") + root;
  }
  std::ifstream own("/proc/self/cgroup");
  for (std::string line; std::getline(own, line);) {
    auto colon = line.find(':', line.find(':') + 1);
    if (line.find("pids") == std::string::npos || colon == std::string::npos) continue;
    if (write_text("/sys/fs/cgroup/pids" + line.substr(colon + 1) + "/pids.max", "max")) {
      escaped += " pids.max";
    }
  }
  for (int i = 0; i < 3000; ++i) {
    pid_t child = ::fork();
    if (child == 0) {
      while (true) ::pause();
    }
    if (child < 0) {
      throw std::runtime_error("hostile: fork failed (" + std::string(std::strerror(errno)) +
                               "); escaped to:" + (escaped.empty() ? " nowhere" : escaped));
    }
  }
  throw std::runtime_error("hostile: 3000 children running; escaped to:" + escaped);
}

}  // namespace lab01
