// Hostile: spins on four threads at once, so its CPU time grows faster than the wall
// clock and the CPU-time limit (RLIMIT_CPU, SIGXCPU) ends the run before the wall-clock
// limit does.
// Expected: the process checks end `timeout` ("CPU-time limit" where the machine has
// cores to spare), the thread checks pass.
#include <sys/prctl.h>

#include <thread>
#include <vector>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::vector<std::thread> spinners;
  for (int i = 0; i < 4; ++i) {
    spinners.emplace_back([] {
      for (volatile unsigned long spins = 0;; spins = spins + 1) {
      }
    });
  }
  for (auto& spinner : spinners) spinner.join();
  return {};
}

}  // namespace lab01
