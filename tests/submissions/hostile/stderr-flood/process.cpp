// Hostile: writes 1 GB to stderr. The grader keeps the first 256 KiB and kills the run
// once it passes 64 MiB.
// Expected: the process checks end `error` ("too much output"), the thread checks pass,
// and the report stays small.
#include <sys/prctl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const std::string chunk(1 << 20, 'x');
  for (int mib = 0; mib < 1024; ++mib) {
    if (::write(STDERR_FILENO, chunk.data(), chunk.size()) < 0) break;
  }
  throw std::runtime_error("hostile: 1 GB written to stderr and still running");
}

}  // namespace lab01
