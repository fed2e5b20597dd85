// Hostile: a fork bomb in the job runner. Every process forks forever; the check's
// cgroup caps the tasks (2048) and the wall-clock limit ends the run.
// Expected: the process checks end `timeout`, the thread checks pass, nothing survives.
#include <sys/prctl.h>
#include <unistd.h>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  while (true) ::fork();
}

}  // namespace lab01
