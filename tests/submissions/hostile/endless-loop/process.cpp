// Hostile: the job runner spins forever on the CPU.
// Expected: the process checks end `timeout` (CPU-time or wall-clock limit), the thread
// checks pass.
#include <sys/prctl.h>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  for (volatile unsigned long spins = 0;; spins = spins + 1) {
  }
}

}  // namespace lab01
