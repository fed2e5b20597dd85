// Hostile: the job runner sleeps forever, using no CPU, so only the wall-clock limit
// can end it.
// Expected: the process checks end `timeout`, the thread checks pass.
#include <sys/prctl.h>
#include <unistd.h>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  while (true) ::pause();
}

}  // namespace lab01
