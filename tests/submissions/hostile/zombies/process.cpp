// Hostile: leaks zombies. Every call forks children that exit at once and are never
// awaited, then throws.
// Expected: the process checks end `failed`, the thread checks pass, and no zombie
// named by the marker is left anywhere after the grading.
#include <sys/prctl.h>
#include <unistd.h>

#include <stdexcept>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  for (int i = 0; i < 50; ++i) {
    if (::fork() == 0) ::_exit(0);
  }
  throw std::runtime_error("hostile: left zombies behind");
}

}  // namespace lab01
