// Wrong: the "thread" version forks a child per job and so leaves the process.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_threads(int n, const std::function<std::uint64_t(int)>& job) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<Report> reports(static_cast<std::size_t>(n));
  std::vector<pid_t> pids;
  std::vector<int> fds_in;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      Report r{i, ptlabs::current_pid(), ptlabs::current_tid(), job(i)};
      (void)!write(fds[1], &r, sizeof r);
      _exit(0);
    }
    close(fds[1]);
    pids.push_back(pid);
    fds_in.push_back(fds[0]);
  }
  for (int i = 0; i < n; ++i) {
    (void)!read(fds_in[i], &reports[i], sizeof(Report));
    close(fds_in[i]);
    waitpid(pids[i], nullptr, 0);
  }
  return reports;
}

}  // namespace lab01
