// Hostile: every call leaves behind a child that ignores SIGTERM, SIGINT and SIGHUP and
// sleeps forever, then throws without awaiting it. Only SIGKILL (or the end of the PID
// namespace) can remove it.
// Expected: the process checks end `failed`, the thread checks pass, and no process
// named by the marker survives the grading.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  if (::fork() == 0) {
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGHUP, SIG_IGN);
    while (true) ::pause();
  }
  throw std::runtime_error("hostile: left a child that ignores SIGTERM");
}

}  // namespace lab01
