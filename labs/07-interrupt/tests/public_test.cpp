// Public tests of lab 07 — interrupt. Run them against your own files with
//   build/bin/grader check 07
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab07 --output-on-failure
// The grader's hidden suite checks more (every kind of job, timing bounds, zombies, which
// process or thread ran the job).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <memory>

#include "ptlabs/clock.hpp"
#include "task.hpp"

namespace {

using lab07::JobKind;
using lab07::Outcome;

TEST(PublicInterrupt, BusyChildIsTerminatedAtTheDeadline) {
  auto result = lab07::run_in_process(lab07::make_job(JobKind::kBusyLoop, 3.0), 0.2, 1.0);
  EXPECT_STREQ(lab07::to_string(result.outcome), "kTerminated");
  EXPECT_GE(result.seconds, 0.2 - 0.02) << "the child was stopped before the deadline";
  EXPECT_LE(result.seconds, 0.2 + 0.5) << "SIGTERM ends a busy loop at once";
  int status = 0;
  EXPECT_EQ(::waitpid(-1, &status, WNOHANG), -1) << "a child was left behind";
}

TEST(PublicInterrupt, ChildIgnoringSigtermIsKilled) {
  auto result = lab07::run_in_process(lab07::make_job(JobKind::kIgnoresSigterm, 3.0), 0.2, 0.3);
  EXPECT_STREQ(lab07::to_string(result.outcome), "kKilled");
  EXPECT_LE(result.seconds, 0.2 + 0.3 + 0.5);
}

TEST(PublicInterrupt, CooperativeThreadStopsWhenAsked) {
  auto result = lab07::run_in_thread(lab07::make_job(JobKind::kCooperative, 3.0), 0.2, 1.0);
  EXPECT_STREQ(lab07::to_string(result.outcome), "kStoppedCooperatively");
  EXPECT_LE(result.seconds, 0.2 + 0.5) << "a cooperative job stops within a millisecond";
}

TEST(PublicInterrupt, BusyThreadCannotBeInterrupted) {
  // The job tells this test when it has really ended: the thread outlives the call.
  auto ended = std::make_shared<std::atomic<bool>>(false);
  auto busy = lab07::make_job(JobKind::kBusyLoop, 1.5);
  auto job = [busy, ended](std::stop_token stop) {
    busy(stop);
    ended->store(true);
  };
  auto result = lab07::run_in_thread(job, 0.2, 0.2);
  EXPECT_STREQ(lab07::to_string(result.outcome), "kNotInterruptible");
  EXPECT_LE(result.seconds, 0.2 + 0.2 + 0.5) << "give the thread up; do not wait for it";
  EXPECT_FALSE(ended->load()) << "the job should still be running after the call";
  const std::uint64_t start = ptlabs::now_ns();
  while (!ended->load() && ptlabs::seconds_since(start) < 5.0) ptlabs::sleep_ns(5'000'000);
  EXPECT_TRUE(ended->load()) << "the job never ended";
}

}  // namespace
