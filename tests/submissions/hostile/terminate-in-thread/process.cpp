// Hostile: a thread of the job runner calls std::terminate(), which aborts the whole
// process from a thread the tests never see.
// Expected: the process checks end `error` ("killed by signal 6"), the thread checks pass.
#include <sys/prctl.h>

#include <exception>
#include <thread>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::thread([] { std::terminate(); }).join();
  return {};
}

}  // namespace lab01
