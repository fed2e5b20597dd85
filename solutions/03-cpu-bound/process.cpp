// Lab 03 — reference process version: `workers` child processes share the counting.
//
// Every child is forked before any is awaited. A child counts its pieces with
// the kernel, writes one int64 to its pipe and leaves with _exit(); each child
// has its own copy of the embedded interpreter, so with the python kernel the
// children run in parallel, where threads would take turns on one GIL.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ptlabs/kernel.hpp"
#include "split.hpp"
#include "task.hpp"

namespace lab03 {
namespace {

struct Child {
  pid_t pid;
  int read_fd;
};

[[noreturn]] void run_child(std::int64_t lo, std::int64_t hi, int w, int workers,
                            ptlabs::Kernel kernel, int fd) {
  std::int64_t total = 0;
  for (auto [a, b] : pieces_for(lo, hi, w, workers)) total += ptlabs::count_primes(kernel, a, b);
  bool sent = ::write(fd, &total, sizeof total) == static_cast<ssize_t>(sizeof total);
  ::_exit(sent ? 0 : 1);
}

// Reads the child's count and reaps it; returns "" or why it failed.
std::string await_child(const Child& child, std::int64_t* count) {
  ssize_t got;
  do {
    got = ::read(child.read_fd, count, sizeof *count);
  } while (got < 0 && errno == EINTR);
  ::close(child.read_fd);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) return std::string("killed by ") + strsignal(WTERMSIG(status));
  if (got != static_cast<ssize_t>(sizeof *count)) return "exited without a count";
  return "";
}

}  // namespace

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  check_workers(workers);
  if (lo >= hi) return 0;
  std::vector<Child> children;
  std::string start_error;
  for (int w = 0; w < workers; ++w) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error = std::string("pipe: ") + std::strerror(errno);
      break;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
      start_error = std::string("fork: ") + std::strerror(errno);
      ::close(fds[0]);
      ::close(fds[1]);
      break;
    }
    if (pid == 0) {
      ::close(fds[0]);
      run_child(lo, hi, w, workers, kernel, fds[1]);
    }
    ::close(fds[1]);
    children.push_back({pid, fds[0]});
  }
  std::int64_t total = 0;
  std::string first_error;
  for (std::size_t w = 0; w < children.size(); ++w) {
    std::int64_t count = 0;
    std::string cause = await_child(children[w], &count);
    if (!cause.empty() && first_error.empty()) {
      first_error = "worker " + std::to_string(w) + " failed: " + cause;
    }
    total += count;
  }
  if (!start_error.empty()) {
    throw std::runtime_error("worker " + std::to_string(children.size()) +
                             " could not start: " + start_error);
  }
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return total;
}

}  // namespace lab03
