// Wrong: each worker is started, waited for until ready, let go and reaped before the next
// one starts, and while_alive() runs after the last: it never sees the n workers at once.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab06 {

std::vector<std::uint64_t> hold_processes(int n, std::size_t buffer_bytes, Table table,
                                          const std::function<void()>& while_alive) {
  if (n < 0) throw std::invalid_argument("n < 0");
  std::vector<std::uint64_t> sums;
  std::string error;
  for (int i = 0; i < n; ++i) {
    int sum_pipe[2];
    int release[2];
    if (pipe2(sum_pipe, O_CLOEXEC) != 0 || pipe2(release, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe");
    }
    const pid_t pid = fork();
    if (pid == 0) {
      close(sum_pipe[0]);
      close(release[1]);
      try {
        std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[buffer_bytes]);
        volatile std::uint8_t* p = buffer.get();
        for (std::size_t k = 0; k < buffer_bytes; k += 4096) p[k] = 1;
        const std::uint64_t sum = sum_bytes(table);
        (void)!write(sum_pipe[1], &sum, sizeof sum);
        char byte;
        (void)!read(release[0], &byte, 1);  // until the parent lets go
      } catch (...) {
        _exit(1);
      }
      _exit(0);
    }
    close(sum_pipe[1]);
    close(release[0]);
    std::uint64_t sum = 0;
    const bool got = read(sum_pipe[0], &sum, sizeof sum) == static_cast<ssize_t>(sizeof sum);
    close(sum_pipe[0]);
    close(release[1]);         // let this one go at once...
    waitpid(pid, nullptr, 0);  // ...and reap it before starting the next
    if (!got && error.empty()) error = "worker " + std::to_string(i) + " failed";
    sums.push_back(sum);
  }
  if (!error.empty()) throw std::runtime_error(error);
  while_alive();
  return sums;
}

}  // namespace lab06
