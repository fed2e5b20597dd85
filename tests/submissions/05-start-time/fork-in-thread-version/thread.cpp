// Wrong: the "thread" version forks a child per worker and so leaves the process.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_threads(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n < 0");
  result.workers.resize(static_cast<std::size_t>(n));
  std::vector<pid_t> pids;
  std::vector<int> read_fds;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      Start s{i, 0, 0, ptlabs::now_ns()};
      s.pid = ptlabs::current_pid();
      s.tid = ptlabs::current_tid();
      (void)!write(fds[1], &s, sizeof s);
      work(i);
      _exit(0);
    }
    close(fds[1]);
    pids.push_back(pid);
    read_fds.push_back(fds[0]);
  }
  for (std::size_t i = 0; i < pids.size(); ++i) {
    (void)!read(read_fds[i], &result.workers[i], sizeof(Start));
    close(read_fds[i]);
    waitpid(pids[i], nullptr, 0);
  }
  return result;
}

}  // namespace lab05
