// Hidden suite of lab 07 — interrupt. Each test suite here is one check of the
// catalogue (labs/labs.toml): ProcessStops, ProcessCleanup, ProcessModel,
// ThreadCooperative, ThreadUncooperative, ThreadModel.
//
// Timing bounds are loose enough for a loaded two-core machine: a call may
// return up to kTolerance seconds after the moment it should, and no more
// than kEarly seconds before it (clocks and sleeps are never early by more).
// Every job ends by itself after its lifetime, and a test whose job ran in an
// abandoned thread waits for that thread's end, so no test can hang and no
// thread outlives its test.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <ostream>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace lab07 {
// Lets GoogleTest print an Outcome by name.
static void PrintTo(Outcome outcome, std::ostream* out) { *out << to_string(outcome); }
}  // namespace lab07

namespace {

using lab07::Job;
using lab07::JobKind;
using lab07::Outcome;
using lab07::Result;
using ptlabs::testing::has_no_children;
using ptlabs::testing::reap_all_children;
using ptlabs::testing::Shared;

constexpr double kTolerance = 0.5;  // how late a call may return
constexpr double kEarly = 0.02;     // how early a call may return

constexpr JobKind kAllKinds[] = {JobKind::kCooperative, JobKind::kBusyLoop,
                                 JobKind::kBlockedInSyscall, JobKind::kIgnoresSigterm};

void sleep_s(double seconds) { ptlabs::sleep_ns(static_cast<std::uint64_t>(seconds * 1e9)); }

// "1.30 s": seconds as the messages print them.
std::string secs(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

// A call's result and the wall time the test measured around it.
struct Timed {
  Result result;
  double wall;
};

template <typename Runner>
Timed timed(Runner run, const Job& job, double deadline_s, double grace_s) {
  const std::uint64_t start = ptlabs::now_ns();
  Result result = run(job, deadline_s, grace_s);
  return Timed{result, ptlabs::seconds_since(start)};
}

// The call returned between `from` and `from + kTolerance` seconds after it began, and its own
// Result::seconds agrees with the test's clock.
void expect_returned_at(const Timed& t, double from, const char* why_not_later) {
  EXPECT_GE(t.wall, from - kEarly)
      << "returned after " << secs(t.wall) << ", before the " << secs(from) << " it had to wait";
  EXPECT_LE(t.wall, from + kTolerance)
      << "returned after " << secs(t.wall) << ", expected about " << secs(from) << " (at most "
      << secs(from + kTolerance) << "): " << why_not_later;
  EXPECT_LE(t.result.seconds, t.wall + kEarly)
      << "Result::seconds (" << secs(t.result.seconds) << ") is longer than the whole call ("
      << secs(t.wall) << ")";
  EXPECT_GE(t.result.seconds, t.wall - 0.25)
      << "Result::seconds (" << secs(t.result.seconds) << ") must run from the start of the "
      << "call until the worker was gone or given up; the call took " << secs(t.wall);
}

// Restores the default action of SIGTERM in this process; true if it had been changed.
bool restore_sigterm() {
  struct sigaction now {};
  ::sigaction(SIGTERM, nullptr, &now);
  const bool changed = now.sa_handler != SIG_DFL;
  if (changed) ::signal(SIGTERM, SIG_DFL);
  return changed;
}

// ---------------------------------------------------------------- processes

// What a job run in a child tells the test, through memory shared with the child.
struct ChildProbe {
  std::atomic<int> runs{0};
  std::atomic<int> pid{0};
  std::atomic<int> ppid{0};
};

Job probed_in_child(ChildProbe* probe, Job inner) {
  return [probe, inner](std::stop_token stop) {
    probe->pid.store(ptlabs::current_pid());
    probe->ppid.store(static_cast<int>(::getppid()));
    probe->runs.fetch_add(1);
    inner(stop);
  };
}

Job short_job(double seconds) {
  return [seconds](std::stop_token) { sleep_s(seconds); };
}

constexpr double kProcessDeadline = 0.3;
constexpr double kProcessGrace = 1.0;
constexpr double kProcessLifetime = 4.0;  // longer than deadline + grace + tolerance

void expect_terminated(JobKind kind) {
  SCOPED_TRACE(lab07::to_string(kind));
  Timed t = timed(lab07::run_in_process, lab07::make_job(kind, kProcessLifetime), kProcessDeadline,
                  kProcessGrace);
  EXPECT_EQ(t.result.outcome, Outcome::kTerminated)
      << "this job does not ignore SIGTERM: SIGTERM at the deadline ends it, long before the "
         "grace period of "
      << secs(kProcessGrace) << " is over";
  expect_returned_at(t, kProcessDeadline,
                     "SIGTERM ends this job at once; reap the child as soon as it is gone instead "
                     "of sleeping through the grace period");
  reap_all_children();
}

TEST(ProcessStops, CooperativeJobIsTerminatedAtTheDeadline) {
  expect_terminated(JobKind::kCooperative);
}

TEST(ProcessStops, BusyLoopIsTerminatedAtTheDeadline) { expect_terminated(JobKind::kBusyLoop); }

TEST(ProcessStops, JobBlockedInASystemCallIsTerminatedAtTheDeadline) {
  expect_terminated(JobKind::kBlockedInSyscall);
}

TEST(ProcessStops, JobIgnoringSigtermIsKilledAfterTheGracePeriod) {
  Timed t =
      timed(lab07::run_in_process, lab07::make_job(JobKind::kIgnoresSigterm, kProcessLifetime),
            kProcessDeadline, kProcessGrace);
  EXPECT_EQ(t.result.outcome, Outcome::kKilled)
      << "this job ignores SIGTERM; only SIGKILL after the grace period ends it before its "
         "own end after "
      << secs(kProcessLifetime);
  expect_returned_at(t, kProcessDeadline + kProcessGrace,
                     "send SIGKILL when the grace period is over, then reap the child");
  reap_all_children();
}

TEST(ProcessStops, JobDoneBeforeTheDeadlineIsFinishedAtOnce) {
  Timed t = timed(lab07::run_in_process, short_job(0.05), 3.0, kProcessGrace);
  EXPECT_EQ(t.result.outcome, Outcome::kFinished) << "the job returned after 0.05 s";
  expect_returned_at(t, 0.05,
                     "the job was done after 0.05 s; reap the child as soon as it ends instead "
                     "of waiting for the deadline");
  reap_all_children();
}

TEST(ProcessCleanup, NoChildLeftAfterAFinishedJob) {
  lab07::run_in_process(short_job(0.02), 2.0, 0.5);
  EXPECT_TRUE(has_no_children())
      << "a child is still running or is a zombie: waitpid() the child before returning";
  reap_all_children();
}

TEST(ProcessCleanup, NoChildLeftAfterAStoppedJob) {
  for (JobKind kind : kAllKinds) {
    lab07::run_in_process(lab07::make_job(kind, 3.0), 0.2, 0.3);
    EXPECT_TRUE(has_no_children())
        << lab07::to_string(kind) << ": a child is still running or is a zombie; a child that "
        << "was sent a signal must still be reaped with waitpid()";
    reap_all_children();
  }
}

TEST(ProcessModel, JobRunsOnceInAChildOfTheCaller) {
  Shared<ChildProbe> probe;
  lab07::run_in_process(probed_in_child(&*probe, short_job(0.02)), 2.0, 0.5);
  EXPECT_EQ(probe->runs.load(), 1) << "the job must run exactly once";
  EXPECT_NE(probe->pid.load(), ptlabs::current_pid())
      << "the job ran in the caller's process, not in a child";
  EXPECT_EQ(probe->ppid.load(), ptlabs::current_pid())
      << "the job must run in a child of the caller (forked by it), which the caller reaps";
  reap_all_children();
}

TEST(ProcessModel, StoppedJobRanInAChildOfTheCaller) {
  Shared<ChildProbe> probe;
  lab07::run_in_process(probed_in_child(&*probe, lab07::make_job(JobKind::kBusyLoop, 3.0)), 0.2,
                        0.5);
  EXPECT_EQ(probe->runs.load(), 1) << "the job must run exactly once";
  EXPECT_NE(probe->pid.load(), ptlabs::current_pid())
      << "the job ran in the caller's process, not in a child";
  EXPECT_EQ(probe->ppid.load(), ptlabs::current_pid())
      << "the job must run in a child of the caller";
  reap_all_children();
}

TEST(ProcessModel, SignalSettingsOfTheChildStayInTheChild) {
  restore_sigterm();
  lab07::run_in_process(lab07::make_job(JobKind::kIgnoresSigterm, 3.0), 0.2, 0.3);
  EXPECT_FALSE(restore_sigterm())
      << "after the call, the caller's own process ignores SIGTERM: the job that set SIG_IGN "
         "ran in the caller's process, not in a child with dispositions of its own";
  reap_all_children();
}

// ------------------------------------------------------------------ threads

// What a job run in a thread tells the test. Owned by the job and the test together: a thread
// that was given up may run on after the call, and after a failing test.
struct ThreadProbe {
  std::atomic<int> runs{0};
  std::atomic<int> pid{0};
  std::atomic<int> tid{0};
  std::atomic<bool> started{false};
  std::atomic<bool> saw_stop{false};  // stop was requested by the time the job returned
  std::atomic<bool> ended{false};
};

Job probed_in_thread(const std::shared_ptr<ThreadProbe>& probe, Job inner) {
  return [probe, inner](std::stop_token stop) {
    probe->pid.store(ptlabs::current_pid());
    probe->tid.store(ptlabs::current_tid());
    probe->runs.fetch_add(1);
    probe->started.store(true);
    inner(stop);
    probe->saw_stop.store(stop.stop_requested());
    probe->ended.store(true);
  };
}

// Waits at the end of a test until the probed job has ended, wherever it runs, so that no
// thread of this test runs into the next one. Restores SIGTERM's default action afterwards
// (a kIgnoresSigterm job run in a thread changes it for the whole process).
class WaitForTheJob {
 public:
  WaitForTheJob(std::shared_ptr<ThreadProbe> probe, double lifetime_s)
      : probe_(std::move(probe)), lifetime_s_(lifetime_s) {}
  ~WaitForTheJob() {
    const std::uint64_t start = ptlabs::now_ns();
    while (!probe_->started.load() && ptlabs::seconds_since(start) < 0.5) sleep_s(0.005);
    while (probe_->started.load() && !probe_->ended.load() &&
           ptlabs::seconds_since(start) < lifetime_s_ + 3.0) {
      sleep_s(0.005);
    }
    EXPECT_TRUE(!probe_->started.load() || probe_->ended.load())
        << "the job's thread did not end within its lifetime";
    restore_sigterm();
    reap_all_children();
  }
  WaitForTheJob(const WaitForTheJob&) = delete;
  WaitForTheJob& operator=(const WaitForTheJob&) = delete;

 private:
  std::shared_ptr<ThreadProbe> probe_;
  double lifetime_s_;
};

// A cooperative job that needs `cleanup_s` seconds to wind down once it is asked to stop.
Job willing_job(double cleanup_s, double lifetime_s) {
  return [cleanup_s, lifetime_s](std::stop_token stop) {
    const std::uint64_t start = ptlabs::now_ns();
    while (!stop.stop_requested() && ptlabs::seconds_since(start) < lifetime_s) sleep_s(0.001);
    if (stop.stop_requested()) sleep_s(cleanup_s);
  };
}

constexpr double kThreadDeadline = 0.3;
constexpr double kThreadGrace = 0.5;
constexpr double kThreadLifetime = 2.5;  // longer than deadline + grace + tolerance

TEST(ThreadCooperative, CooperativeJobStopsAtTheDeadline) {
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, 5.0);
  Timed t = timed(lab07::run_in_thread,
                  probed_in_thread(probe, lab07::make_job(JobKind::kCooperative, 5.0)),
                  kThreadDeadline, 2.0);
  EXPECT_EQ(t.result.outcome, Outcome::kStoppedCooperatively)
      << "the job looks at its stop_token every millisecond: request_stop() at the deadline "
         "ends it";
  expect_returned_at(t, kThreadDeadline,
                     "a job that listens stops within a millisecond; join it as soon as it is "
                     "done instead of sleeping through the grace period");
  EXPECT_TRUE(probe->ended.load()) << "the call returned before the job had ended";
  EXPECT_TRUE(probe->saw_stop.load()) << "the job returned without a stop request";
}

TEST(ThreadCooperative, SlowButWillingJobGetsItsGracePeriod) {
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, 5.0);
  Timed t = timed(lab07::run_in_thread, probed_in_thread(probe, willing_job(0.4, 5.0)),
                  kThreadDeadline, 2.0);
  EXPECT_EQ(t.result.outcome, Outcome::kStoppedCooperatively)
      << "the job needs 0.4 s to wind down after the stop request, well within the grace "
         "period of 2 s";
  expect_returned_at(t, kThreadDeadline + 0.4,
                     "the job was done 0.4 s after the stop request; join it then");
  EXPECT_TRUE(probe->ended.load()) << "the call returned before the job had ended";
}

TEST(ThreadCooperative, JobDoneBeforeTheDeadlineIsFinishedAtOnce) {
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, 1.0);
  Timed t = timed(lab07::run_in_thread, probed_in_thread(probe, short_job(0.05)), 3.0, 1.0);
  EXPECT_EQ(t.result.outcome, Outcome::kFinished) << "the job returned after 0.05 s";
  expect_returned_at(t, 0.05,
                     "the job was done after 0.05 s; join it as soon as it ends instead of "
                     "waiting for the deadline");
  EXPECT_TRUE(probe->ended.load()) << "the call returned before the job had ended";
  EXPECT_FALSE(probe->saw_stop.load()) << "stop was requested before the deadline";
}

void expect_not_interruptible(JobKind kind) {
  SCOPED_TRACE(lab07::to_string(kind));
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, kThreadLifetime);
  Timed t =
      timed(lab07::run_in_thread, probed_in_thread(probe, lab07::make_job(kind, kThreadLifetime)),
            kThreadDeadline, kThreadGrace);
  const bool running_at_return = probe->started.load() && !probe->ended.load();
  EXPECT_EQ(t.result.outcome, Outcome::kNotInterruptible)
      << "this job never looks at its stop_token: nothing ends it before its own end after "
      << secs(kThreadLifetime) << ", so the call must give the thread up and say so";
  expect_returned_at(t, kThreadDeadline + kThreadGrace,
                     "request stop at the deadline, wait the grace period, then detach() the "
                     "thread; joining it waits as long as the job runs");
  EXPECT_TRUE(running_at_return)
      << "the job was no longer running when the call returned: the call waited for it";
  // Wait for the job's own end here, then look at what it saw.
  const std::uint64_t start = ptlabs::now_ns();
  while (!probe->ended.load() && ptlabs::seconds_since(start) < kThreadLifetime + 3.0) {
    sleep_s(0.005);
  }
  EXPECT_TRUE(probe->saw_stop.load())
      << "stop was never requested on the job's stop_token: ask first (request_stop() at the "
         "deadline), give up only when the job does not listen";
}

TEST(ThreadUncooperative, BusyLoopIsReportedNotInterruptible) {
  expect_not_interruptible(JobKind::kBusyLoop);
}

TEST(ThreadUncooperative, JobBlockedInASystemCallIsReportedNotInterruptible) {
  expect_not_interruptible(JobKind::kBlockedInSyscall);
}

TEST(ThreadUncooperative, JobIgnoringSigtermIsReportedNotInterruptible) {
  expect_not_interruptible(JobKind::kIgnoresSigterm);
}

void expect_in_this_process(const ThreadProbe& probe) {
  EXPECT_EQ(probe.runs.load(), 1) << "the job must run exactly once";
  EXPECT_EQ(probe.pid.load(), ptlabs::current_pid())
      << "the job ran in another process, not in a thread of the caller's";
  EXPECT_NE(probe.tid.load(), ptlabs::current_tid())
      << "the job ran on the caller's own thread, not in a thread of its own";
  EXPECT_TRUE(has_no_children()) << "the thread version started a child process";
}

TEST(ThreadModel, FinishedJobRanInAThreadOfThisProcess) {
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, 1.0);
  lab07::run_in_thread(probed_in_thread(probe, short_job(0.02)), 2.0, 0.5);
  expect_in_this_process(*probe);
}

TEST(ThreadModel, StoppedJobRanInAThreadOfThisProcess) {
  auto probe = std::make_shared<ThreadProbe>();
  WaitForTheJob wait(probe, 3.0);
  lab07::run_in_thread(probed_in_thread(probe, lab07::make_job(JobKind::kCooperative, 3.0)), 0.2,
                       1.0);
  expect_in_this_process(*probe);
}

}  // namespace
