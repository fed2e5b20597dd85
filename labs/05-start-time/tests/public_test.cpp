// Public tests of lab 05 — start-time. Run them against your own files with
//   build/bin/grader check 05
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab05 --output-on-failure
// The grader's hidden suite checks more (where the times were taken, concurrency, cleanup).
// No test here times anything: the grader's performance check does that.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace {

void expect_ordered_and_after_the_call(const lab05::Starts& starts, int n, std::uint64_t before,
                                       std::uint64_t after) {
  ASSERT_EQ(starts.workers.size(), static_cast<std::size_t>(n)) << "one Start per worker";
  EXPECT_GE(starts.call_ns, before) << "call_ns is ptlabs::now_ns() at the entry of the call";
  EXPECT_LE(starts.call_ns, after);
  for (int i = 0; i < n; ++i) {
    const auto& w = starts.workers[static_cast<std::size_t>(i)];
    EXPECT_EQ(w.index, i) << "workers must be ordered by index";
    EXPECT_GE(w.started_ns, starts.call_ns) << "worker " << i << " cannot start before the call";
    EXPECT_LE(w.started_ns, after) << "worker " << i << " started after the call returned?";
  }
}

TEST(PublicStartTime, ProcessesReportFromTheirOwnProcess) {
  const std::uint64_t before = ptlabs::now_ns();
  auto starts = lab05::start_processes(4, [](int) {});
  const std::uint64_t after = ptlabs::now_ns();
  expect_ordered_and_after_the_call(starts, 4, before, after);
  std::set<int> pids;
  for (const auto& w : starts.workers) {
    EXPECT_NE(w.pid, ptlabs::current_pid()) << "worker " << w.index << " should run in a child";
    pids.insert(w.pid);
  }
  EXPECT_EQ(pids.size(), starts.workers.size()) << "one child process per worker";
}

TEST(PublicStartTime, ThreadsShareOneProcess) {
  const std::uint64_t before = ptlabs::now_ns();
  auto starts = lab05::start_threads(4, [](int) {});
  const std::uint64_t after = ptlabs::now_ns();
  expect_ordered_and_after_the_call(starts, 4, before, after);
  std::set<int> tids;
  for (const auto& w : starts.workers) {
    EXPECT_EQ(w.pid, ptlabs::current_pid()) << "threads live in the caller's process";
    tids.insert(w.tid);
  }
  EXPECT_EQ(tids.size(), starts.workers.size()) << "one thread per worker";
}

TEST(PublicStartTime, NegativeCountIsRejected) {
  EXPECT_THROW(lab05::start_processes(-1, [](int) {}), std::invalid_argument);
  EXPECT_THROW(lab05::start_threads(-1, [](int) {}), std::invalid_argument);
}

}  // namespace
