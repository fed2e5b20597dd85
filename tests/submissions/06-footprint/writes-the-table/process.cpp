// Wrong: each child "refreshes" the table it inherited, writing every byte back with the value
// it already has. The sums and the parent's table stay right, but copy-on-write gives every
// child its own copy of the whole table.
//
// (Below, the reference's comments.)
//
// After fork() a child shares every page of the parent, the table included, until one of
// them writes to it: the child reads the table and pays nothing for it. What the child does
// pay for is its own: the buffer it writes, the pages of its stack and of the C library's
// data it writes (each one a private copy), and in the kernel its page tables, which map
// the whole inherited address space again.
//
// Two kinds of pipe carry the protocol: one per child, on which the child sends its sum
// when it is ready, and one shared "release" pipe that every child reads. The parent holds
// the only write end of the release pipe; closing it gives every child end of file at once,
// and that is the signal to finish.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab06 {
namespace {

struct Child {
  pid_t pid = -1;
  int read_fd = -1;
};

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

// Blocks until every write end of `fd`'s pipe is closed (the parent let the workers go).
void wait_for_end_of_file(int fd) {
  char byte = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &byte, 1);
    if (n == 0) return;
    if (n < 0 && errno != EINTR) return;
  }
}

// Allocates `bytes` and writes one byte in every page. The writes go through a volatile
// pointer: nothing reads the buffer, so the compiler could otherwise drop them.
std::unique_ptr<std::uint8_t[]> touched_buffer(std::size_t bytes) {
  std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[bytes]);
  volatile std::uint8_t* p = buffer.get();
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  for (std::size_t i = 0; i < bytes; i += page) p[i] = 1;
  if (bytes > 0) p[bytes - 1] = 1;
  return buffer;
}

// The child: its buffer, the table's sum, the report, then the wait. Never returns.
[[noreturn]] void run_child(std::size_t buffer_bytes, Table table, int sum_fd, int release_fd) {
  int status = 0;
  try {
    const auto buffer = touched_buffer(buffer_bytes);
    // The mistake: the child writes to the table. volatile only keeps the compiler from
    // dropping a store of the value that is already there; the kernel sees a write either way.
    volatile std::uint8_t* writable = const_cast<std::uint8_t*>(table.data);
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < table.size; ++i) {
      const std::uint8_t byte = writable[i];
      sum += byte;
      writable[i] = byte;
    }
    if (!write_all(sum_fd, &sum, sizeof sum)) ::_exit(3);
    ::close(sum_fd);
    wait_for_end_of_file(release_fd);  // alive, buffer held, until the parent lets go
  } catch (...) {
    status = 1;  // nothing was sent: the parent reads end of file and names this worker
  }
  ::_exit(status);
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

pid_t reap(pid_t pid, int* status) {
  pid_t r;
  while ((r = ::waitpid(pid, status, 0)) < 0 && errno == EINTR) {
  }
  return r;
}

}  // namespace

std::vector<std::uint64_t> hold_processes(int n, std::size_t buffer_bytes, Table table,
                                          const std::function<void()>& while_alive) {
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  int release[2];
  if (::pipe2(release, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  }

  // Start every worker before awaiting any.
  std::vector<Child> children;
  children.reserve(static_cast<std::size_t>(n));
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      start_error =
          "worker " + std::to_string(i) + " could not start: pipe failed: " + std::strerror(errno);
      break;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(release[1]);  // else this child would hold the pipe open against itself
      ::close(fds[0]);
      run_child(buffer_bytes, table, fds[1], release[0]);
    }
    ::close(fds[1]);
    if (pid < 0) {
      start_error =
          "worker " + std::to_string(i) + " could not start: fork failed: " + std::strerror(errno);
      ::close(fds[0]);
      break;
    }
    children.push_back(Child{pid, fds[0]});
  }
  ::close(release[0]);

  // Wait until each child is ready: its sum arrives, or end of file if it failed.
  std::vector<std::uint64_t> sums(children.size(), 0);
  std::vector<bool> ready(children.size(), false);
  bool all_ready = start_error.empty();
  for (std::size_t i = 0; i < children.size(); ++i) {
    ready[i] = read_all(children[i].read_fd, &sums[i], sizeof sums[i]);
    ::close(children[i].read_fd);
    all_ready = all_ready && ready[i];
  }

  // All n alive and holding their buffers: the caller's moment.
  std::exception_ptr callback_error;
  if (all_ready) {
    try {
      while_alive();
    } catch (...) {
      callback_error = std::current_exception();
    }
  }

  // Let them all go at once, then reap every one of them, even after a failure.
  ::close(release[1]);
  std::string first_error;
  for (std::size_t i = 0; i < children.size(); ++i) {
    int status = 0;
    const bool reaped = reap(children[i].pid, &status) == children[i].pid;
    const bool clean = reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (first_error.empty() && (!ready[i] || !clean)) {
      first_error = "worker " + std::to_string(i) + " failed " + (ready[i] ? "after" : "before") +
                    " it was ready: " + describe(status);
    }
  }
  if (callback_error) std::rethrow_exception(callback_error);
  if (!first_error.empty()) throw std::runtime_error(first_error);
  if (!start_error.empty()) throw std::runtime_error(start_error);
  return sums;
}

}  // namespace lab06
