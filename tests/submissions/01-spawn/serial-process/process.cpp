// Wrong: each child is awaited before the next is forked, so jobs run one at a time.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      Report r{i, ptlabs::current_pid(), ptlabs::current_tid(), 0};
      try {
        r.value = job(i);
      } catch (...) {
        _exit(1);
      }
      (void)!write(fds[1], &r, sizeof r);
      _exit(0);
    }
    close(fds[1]);
    Report r{};
    bool got = read(fds[0], &r, sizeof r) == static_cast<ssize_t>(sizeof r);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!got)
      throw std::runtime_error("worker " + std::to_string(i) + " failed: signal or exception");
    reports.push_back(r);
  }
  return reports;
}

}  // namespace lab01
