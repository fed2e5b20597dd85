// Wrong: it sees the child's end through a pipe instead of waitpid(). The child
// holds the write end; when it dies the kernel closes it, and the parent's
// poll() sees end of file. Outcomes and timings are right, but the child is
// never reaped: every call leaves a zombie behind.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

#include "ptlabs/clock.hpp"
#include "task.hpp"

namespace lab07 {
namespace {

std::uint64_t seconds_to_ns(double seconds) {
  return static_cast<std::uint64_t>((seconds > 0 ? seconds : 0.0) * 1e9);
}

// True once the pipe reached end of file (the child is dead) before `until_ns`.
bool gone_by(int fd, std::uint64_t until_ns) {
  while (true) {
    const std::uint64_t now = ptlabs::now_ns();
    const int ms = now >= until_ns ? 0 : static_cast<int>((until_ns - now + 999'999) / 1'000'000);
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      char byte;
      if (::read(fd, &byte, 1) <= 0) return true;
    }
    if (ptlabs::now_ns() >= until_ns) return false;
  }
}

}  // namespace

Result run_in_process(const Job& job, double deadline_s, double grace_s) {
  const std::uint64_t start = ptlabs::now_ns();
  const std::uint64_t deadline = start + seconds_to_ns(deadline_s);
  const std::uint64_t grace_end = deadline + seconds_to_ns(grace_s);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    ::close(fds[0]);
    try {
      job(std::stop_token{});
    } catch (...) {
      ::_exit(1);
    }
    ::_exit(0);
  }
  ::close(fds[1]);

  Outcome outcome = Outcome::kFinished;
  if (!gone_by(fds[0], deadline)) {
    ::kill(pid, SIGTERM);
    outcome = Outcome::kTerminated;
    if (!gone_by(fds[0], grace_end)) {
      ::kill(pid, SIGKILL);
      char byte;  // SIGKILL cannot be refused: wait for the end of file
      while (::read(fds[0], &byte, 1) < 0 && errno == EINTR) {
      }
      outcome = Outcome::kKilled;
    }
  }
  ::close(fds[0]);
  // Wrong: no waitpid(pid, ...) here. The dead child stays a zombie.
  return Result{outcome, ptlabs::seconds_since(start)};
}

}  // namespace lab07
