// Lab 05 — reference process version: one child process per worker.
//
// The child's first instruction after fork() returns is the clock read: every
// cost of creating the process (copying page tables and file descriptors, the
// first copy-on-write faults, being scheduled) lies between call_ns and
// started_ns. The report travels back through a pipe, because the child's
// memory is its own.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace lab05 {
namespace {

struct Child {
  pid_t pid = -1;
  int read_fd = -1;
};

// Writes all of `size` bytes, retrying after signals and short writes.
bool write_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads exactly `size` bytes; false on end of file or error.
bool read_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The child: clock first, then who it is, then the report, then the work.
[[noreturn]] void run_child(int index, const std::function<void(int)>& work, int fd) {
  const std::uint64_t started_ns = ptlabs::now_ns();
  const Start start{index, ptlabs::current_pid(), ptlabs::current_tid(), started_ns};
  if (!write_all(fd, &start, sizeof start)) ::_exit(2);
  ::close(fd);
  int status = 0;
  try {
    work(index);
  } catch (...) {
    status = 1;
  }
  ::_exit(status);
}

// Reads the child's report and reaps it. Returns "" on success, else the cause.
std::string await_child(const Child& child, Start* start) {
  const bool got = read_all(child.read_fd, start, sizeof *start);
  ::close(child.read_fd);
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (!got)
    return "exited with status " + std::to_string(WEXITSTATUS(status)) + " without a report";
  if (WEXITSTATUS(status) != 0)
    return "its work failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  return "";
}

}  // namespace

Starts start_processes(int n, const std::function<void(int)>& work) {
  Starts result{ptlabs::now_ns(), {}};
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  std::vector<Child> children;
  children.reserve(static_cast<std::size_t>(n));
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error = std::string("pipe failed: ") + std::strerror(errno);
      break;
    }
    const pid_t pid = ::fork();
    if (pid == 0) run_child(i, work, fds[1]);
    ::close(fds[1]);
    if (pid < 0) {
      start_error = std::string("fork failed: ") + std::strerror(errno);
      ::close(fds[0]);
      break;
    }
    children.push_back(Child{pid, fds[0]});
  }

  // Await every child that was started, even after a failure, so none is left a zombie.
  result.workers.resize(children.size());
  std::string first_error;
  for (std::size_t i = 0; i < children.size(); ++i) {
    std::string cause = await_child(children[i], &result.workers[i]);
    if (!cause.empty() && first_error.empty()) {
      first_error = "worker " + std::to_string(i) + " failed: " + cause;
    }
  }
  if (!start_error.empty()) {
    throw std::runtime_error("worker " + std::to_string(children.size()) +
                             " could not start: " + start_error);
  }
  if (!first_error.empty()) throw std::runtime_error(first_error);
  return result;
}

}  // namespace lab05
