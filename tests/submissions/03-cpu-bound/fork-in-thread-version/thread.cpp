// Wrong: the "thread" version forks a child process per worker.
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_threads(std::int64_t lo, std::int64_t hi, int workers,
                                     ptlabs::Kernel kernel) {
  if (workers < 1) throw std::invalid_argument("workers < 1");
  if (lo >= hi) return 0;
  const std::int64_t size = hi - lo;
  std::vector<pid_t> pids;
  std::vector<int> pipes;
  for (int w = 0; w < workers; ++w) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      std::int64_t count =
          ptlabs::count_primes(kernel, lo + size * w / workers, lo + size * (w + 1) / workers);
      (void)!write(fds[1], &count, sizeof count);
      _exit(0);
    }
    close(fds[1]);
    pids.push_back(pid);
    pipes.push_back(fds[0]);
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    std::int64_t count = 0;
    (void)!read(pipes[i], &count, sizeof count);
    close(pipes[i]);
    waitpid(pids[i], nullptr, 0);
    total += count;
  }
  return total;
}

}  // namespace lab03
