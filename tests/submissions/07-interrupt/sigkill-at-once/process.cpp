// Wrong: like the reference, but it sends SIGKILL at the deadline straight away:
// no SIGTERM first, no grace period in which a child could end cleanly. Every
// stopped job comes back as kKilled.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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

// Waits for `pid` to end until the monotonic clock reaches `until_ns`. Returns true once the
// child was reaped. waitpid() with WNOHANG never blocks, so this polls every millisecond.
bool reaped_by(pid_t pid, std::uint64_t until_ns) {
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "waitpid");
    }
    const std::uint64_t now = ptlabs::now_ns();
    if (now >= until_ns) return false;
    ptlabs::sleep_ns(std::min<std::uint64_t>(until_ns - now, 1'000'000));
  }
}

void reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
}

[[noreturn]] void run_child(const Job& job) {
  // The child inherits the caller's signal dispositions and signal mask. Start it from the
  // defaults so that SIGTERM does what this function promises.
  ::signal(SIGTERM, SIG_DFL);
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  ::sigprocmask(SIG_UNBLOCK, &term, nullptr);
  try {
    job(std::stop_token{});  // no stop source: nobody can ask this job to stop, only end it
  } catch (...) {
    ::_exit(1);
  }
  ::_exit(0);
}

}  // namespace

Result run_in_process(const Job& job, double deadline_s, double grace_s) {
  const std::uint64_t start = ptlabs::now_ns();
  const std::uint64_t deadline = start + seconds_to_ns(deadline_s);
  const std::uint64_t grace_end = deadline + seconds_to_ns(grace_s);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) run_child(job);

  Outcome outcome = Outcome::kFinished;
  if (!reaped_by(pid, deadline)) {
    // The child may end between the last waitpid() and this kill(): it is then a zombie, its
    // pid is still reserved, and the signal is harmless. That is why a pid is only signalled
    // before it was reaped.
    // Wrong: SIGKILL at once, no SIGTERM and no grace period for the child to clean up.
    (void)grace_end;
    ::kill(pid, SIGKILL);
    reap(pid);
    outcome = Outcome::kKilled;
  }
  return Result{outcome, ptlabs::seconds_since(start)};
}

}  // namespace lab07
