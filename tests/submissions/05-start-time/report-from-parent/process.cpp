// Wrong: the child only runs the work; the parent fills in the whole Start itself, after
// waitpid(), so started_ns is when the parent got around to it, not when the child began.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "ptlabs/clock.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_processes(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<pid_t> pids;
  for (int i = 0; i < n; ++i) {
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      work(i);
      _exit(0);
    }
    pids.push_back(pid);
  }
  for (int i = 0; i < n; ++i) {
    waitpid(pids[static_cast<std::size_t>(i)], nullptr, 0);
    const int pid = static_cast<int>(pids[static_cast<std::size_t>(i)]);
    // A single-threaded child's tid is its pid, so only the time is wrong.
    result.workers.push_back(Start{i, pid, pid, ptlabs::now_ns()});
  }
  return result;
}

}  // namespace lab05
