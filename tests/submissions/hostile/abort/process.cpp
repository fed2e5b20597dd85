// Hostile: the job runner calls abort().
// Expected: the process checks end `error` ("killed by signal 6"), the thread checks pass.
#include <sys/prctl.h>

#include <cstdlib>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::abort();
}

}  // namespace lab01
