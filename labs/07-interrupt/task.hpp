// Lab 07 — interrupt: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <functional>
#include <stop_token>

#include "ptlabs/clock.hpp"

namespace lab07 {

// A job runs until it is done or until it is asked to stop. `stop` is how a cooperative job is
// asked: it looks at stop.stop_requested() now and then and returns once it is true. A job that
// never looks cannot be asked at all.
using Job = std::function<void(std::stop_token stop)>;

// How a run ended.
enum class Outcome {
  kFinished,              // the job returned before the deadline, nobody had to stop it
  kStoppedCooperatively,  // thread: stop was requested at the deadline and the job returned
  kTerminated,            // process: SIGTERM was sent at the deadline and the child ended
                          //          within the grace period
  kKilled,                // process: the child was still there after the grace period and
                          //          was ended with SIGKILL
  kNotInterruptible,      // thread: stop was requested, the job did not return within the
                          //         grace period; the thread was given up and still runs
};

struct Result {
  Outcome outcome;
  double seconds;  // from the start of the call until the worker was gone (reaped, joined)
                   // or given up (detached)
};

// Runs job in a child process and returns when the child is gone and reaped: at once if the
// job returns before the deadline (kFinished); otherwise the child gets SIGTERM deadline_s
// seconds after the start (kTerminated if it ends within grace_s seconds more), and SIGKILL
// when the grace period is over (kKilled). No child is left behind, running or zombie.
// In the child, job gets a std::stop_token on which no stop is ever requested.
Result run_in_process(const Job& job, double deadline_s, double grace_s);

// Runs job in a new thread of the calling process (a std::jthread), passing it the thread's
// std::stop_token. Returns at once if the job returns before the deadline (kFinished). At
// deadline_s seconds after the start, requests stop; if the job returns within grace_s seconds
// more, joins it (kStoppedCooperatively). Otherwise gives the thread up without waiting for it
// (kNotInterruptible): the thread goes on running in this process until the job ends by itself,
// so everything it uses (the job, the place it reports to) must outlive the call.
Result run_in_thread(const Job& job, double deadline_s, double grace_s);

// ----------------------------------------------------------------- the jobs

// The four kinds of job this lab runs, made by make_job() below.
enum class JobKind {
  kCooperative,       // works in slices of about a millisecond and looks at `stop` between them
  kBusyLoop,          // pure computation: never looks at `stop`, makes no system call
  kBlockedInSyscall,  // waits inside the kernel, in poll() on a pipe that nobody writes
  kIgnoresSigterm,    // sets SIGTERM to SIG_IGN for its whole process, then computes like
                      // kBusyLoop
};

namespace detail {

inline std::uint64_t end_after(double seconds) {
  return ptlabs::now_ns() + static_cast<std::uint64_t>(std::max(seconds, 0.0) * 1e9);
}

// Computes until the monotonic clock reaches end_ns. Reading the clock is no system call
// (the vDSO answers it in user space), so this loop never enters the kernel on its own.
inline void compute_until(std::uint64_t end_ns) {
  volatile std::uint64_t sink = 0;  // a result the compiler must keep computing
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  while (ptlabs::now_ns() < end_ns) {
    for (int i = 0; i < 20000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
    sink = x;
  }
  (void)sink;
}

}  // namespace detail

// Makes a job of the given kind. Every job ends by itself after lifetime_s seconds at the
// latest, whatever anyone asks of it: a thread that nobody can interrupt must still end
// sometime, or it would outlive the program that started it.
inline Job make_job(JobKind kind, double lifetime_s) {
  switch (kind) {
    case JobKind::kCooperative:
      return [lifetime_s](std::stop_token stop) {
        const std::uint64_t end = detail::end_after(lifetime_s);
        while (!stop.stop_requested() && ptlabs::now_ns() < end) {
          detail::compute_until(std::min(end, ptlabs::now_ns() + 1'000'000));  // one slice
        }
      };
    case JobKind::kBusyLoop:
      return
          [lifetime_s](std::stop_token) { detail::compute_until(detail::end_after(lifetime_s)); };
    case JobKind::kBlockedInSyscall:
      return [lifetime_s](std::stop_token) {
        const std::uint64_t end = detail::end_after(lifetime_s);
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {  // no pipe: block in nanosleep() instead
          ptlabs::sleep_ns(end - std::min(end, ptlabs::now_ns()));
          return;
        }
        // This job holds the write end itself and never writes: no data, no end of file.
        for (std::uint64_t now = ptlabs::now_ns(); now < end; now = ptlabs::now_ns()) {
          pollfd wait_for{fds[0], POLLIN, 0};
          const auto ms = static_cast<int>((end - now + 999'999) / 1'000'000);
          if (::poll(&wait_for, 1, ms) < 0 && errno != EINTR) break;
        }
        ::close(fds[0]);
        ::close(fds[1]);
      };
    case JobKind::kIgnoresSigterm:
      return [lifetime_s](std::stop_token) {
        const std::uint64_t end = detail::end_after(lifetime_s);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGTERM, &ignore, nullptr);
        detail::compute_until(end);
      };
  }
  return [](std::stop_token) {};
}

inline const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kFinished:
      return "kFinished";
    case Outcome::kStoppedCooperatively:
      return "kStoppedCooperatively";
    case Outcome::kTerminated:
      return "kTerminated";
    case Outcome::kKilled:
      return "kKilled";
    case Outcome::kNotInterruptible:
      return "kNotInterruptible";
  }
  return "(not an Outcome)";
}

inline const char* to_string(JobKind kind) {
  switch (kind) {
    case JobKind::kCooperative:
      return "kCooperative";
    case JobKind::kBusyLoop:
      return "kBusyLoop";
    case JobKind::kBlockedInSyscall:
      return "kBlockedInSyscall";
    case JobKind::kIgnoresSigterm:
      return "kIgnoresSigterm";
  }
  return "(not a JobKind)";
}

}  // namespace lab07
