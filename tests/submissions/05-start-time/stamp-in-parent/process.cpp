// Wrong: the parent reads the clock as soon as fork() returns in it, before the child has
// necessarily run at all. That leaves most of a process's start-up cost out of the measure.
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
    const int child = static_cast<int>(pid);
    result.workers.push_back(Start{i, child, child, ptlabs::now_ns()});  // the parent's time
    pids.push_back(pid);
  }
  for (pid_t pid : pids) waitpid(pid, nullptr, 0);
  return result;
}

}  // namespace lab05
