// Wrong: each child is awaited before the next is forked, so only one worker is ever alive.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {

Starts start_processes(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n < 0");
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      Start s{i, 0, 0, ptlabs::now_ns()};
      s.pid = ptlabs::current_pid();
      s.tid = ptlabs::current_tid();
      close(fds[0]);
      (void)!write(fds[1], &s, sizeof s);
      work(i);
      _exit(0);
    }
    close(fds[1]);
    Start s{};
    bool got = read(fds[0], &s, sizeof s) == static_cast<ssize_t>(sizeof s);
    close(fds[0]);
    waitpid(pid, nullptr, 0);  // awaited right here, before the next fork
    if (!got) throw std::runtime_error("worker " + std::to_string(i) + " sent no report");
    result.workers.push_back(s);
  }
  return result;
}

}  // namespace lab05
