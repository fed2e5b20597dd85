// Hostile: kill(0, SIGKILL), which kills every process of the caller's process group.
// The group must hold only the check's own processes, never the grader.
// Expected: the process checks end `error` ("killed by signal 9"), the thread checks pass,
// and the grader finishes its report.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  ::kill(0, SIGKILL);
  ::pause();
  return {};
}

}  // namespace lab01
