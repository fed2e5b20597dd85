// Hidden suite of lab 01 — spawn. Each test suite here is one check of the
// catalogue (labs/labs.toml): ProcessModel, ProcessConcurrency, ... .
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::DeadlineBarrier;
using ptlabs::testing::Shared;
using Runner = std::vector<lab01::Report> (*)(int, const std::function<std::uint64_t(int)>&);

constexpr double kBarrierTimeoutS = 3.0;

std::uint64_t value_for(int i) {
  return (std::uint64_t{1} << 40) + static_cast<std::uint64_t>(i) * 7919u;
}

void expect_ordered_values(const std::vector<lab01::Report>& reports, int n) {
  ASSERT_EQ(reports.size(), static_cast<std::size_t>(n)) << "one report per job expected";
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(reports[i].index, i) << "reports must be ordered by index";
    EXPECT_EQ(reports[i].value, value_for(i)) << "report " << i << " must carry job(" << i << ")";
  }
}

// Every worker waits on one barrier; returns how many made it in time.
void expect_all_run_at_once(Runner run, int n) {
  Shared<DeadlineBarrier> barrier(n, kBarrierTimeoutS);
  auto reports = run(n, [&](int) -> std::uint64_t { return barrier->arrive_and_wait() ? 1 : 0; });
  ASSERT_EQ(reports.size(), static_cast<std::size_t>(n));
  int in_time = 0;
  for (const auto& r : reports) in_time += static_cast<int>(r.value);
  EXPECT_EQ(in_time, n) << "only " << barrier->peak() << " of " << n
                        << " workers were running at the same time; start every worker before "
                           "awaiting any";
}

// A job that fails at `bad` and leaves a mark for every worker that finished.
struct Marks {
  std::atomic<int> finished{0};
};

void expect_failure_named(Runner run, int n, int bad, const std::function<void()>& fail,
                          const std::vector<std::string>& cause_words) {
  Shared<Marks> marks;
  try {
    run(n, [&](int i) -> std::uint64_t {
      if (i == bad) fail();
      ptlabs::sleep_ns(100'000'000);  // the failure comes first; the rest must still be awaited
      marks->finished.fetch_add(1);
      return 0;
    });
    ADD_FAILURE() << "worker " << bad << " failed but no exception reached the caller";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(std::to_string(bad)), std::string::npos)
        << "the message must name worker index " << bad << ", got: " << what;
    bool cause_named = false;
    for (const auto& word : cause_words)
      cause_named = cause_named || what.find(word) != std::string::npos;
    EXPECT_TRUE(cause_named) << "the message must name the cause (one of: "
                             << testing::PrintToString(cause_words) << "), got: " << what;
    EXPECT_EQ(marks->finished.load(), n - 1) << "throw only after every worker was awaited";
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected std::runtime_error, got another exception: " << e.what();
  }
}

void expect_sizes(Runner run) {
  EXPECT_TRUE(run(0, [](int) -> std::uint64_t { return 1; }).empty()) << "n = 0 gives no report";
  auto one = run(1, [](int i) { return value_for(i); });
  expect_ordered_values(one, 1);
  auto many = run(64, [](int i) { return value_for(i); });
  expect_ordered_values(many, 64);
  auto max = run(2, [](int) { return std::numeric_limits<std::uint64_t>::max(); });
  ASSERT_EQ(max.size(), 2u);
  EXPECT_EQ(max[1].value, std::numeric_limits<std::uint64_t>::max()) << "all 64 bits must survive";
  EXPECT_THROW(run(-1, [](int) -> std::uint64_t { return 0; }), std::invalid_argument);
}

// ---------------------------------------------------------------- processes

TEST(ProcessModel, EachJobRunsInItsOwnChildProcess) {
  const int n = 8;
  auto reports = lab01::run_in_processes(n, [](int i) { return value_for(i); });
  expect_ordered_values(reports, n);
  std::set<int> pids;
  for (const auto& r : reports) {
    EXPECT_NE(r.pid, ptlabs::current_pid()) << "job " << r.index << " ran in the caller's process";
    pids.insert(r.pid);
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(n)) << "every job needs its own child process";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessModel, ReportsComeFromTheChild) {
  // The child itself must fill in pid and tid: a parent guessing them gets these wrong.
  auto reports = lab01::run_in_processes(
      3, [](int) { return static_cast<std::uint64_t>(ptlabs::current_pid()); });
  ASSERT_EQ(reports.size(), 3u);
  for (const auto& r : reports) {
    EXPECT_EQ(static_cast<std::uint64_t>(r.pid), r.value) << "report.pid must be the child's pid";
    EXPECT_NE(r.tid, 0) << "report.tid must be the child's thread id";
  }
  ptlabs::testing::reap_all_children();
}

TEST(ProcessConcurrency, AllWorkersRunAtOnce) {
  expect_all_run_at_once(lab01::run_in_processes, 8);
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, NoZombiesAfterReturn) {
  lab01::run_in_processes(6, [](int i) { return value_for(i); });
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "a child is still running or a zombie: waitpid() every child before returning";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessCleanup, NoZombiesAfterFailure) {
  try {
    lab01::run_in_processes(6, [](int i) -> std::uint64_t {
      if (i == 1) throw std::runtime_error("planned failure");
      return 0;
    });
  } catch (const std::exception&) {
  }
  EXPECT_TRUE(ptlabs::testing::has_no_children())
      << "after a failure every other child must still be awaited";
  ptlabs::testing::reap_all_children();
}

TEST(ProcessFailures, ThrowingJobIsNamedByIndex) {
  expect_failure_named(lab01::run_in_processes, 6, 4,
                       [] { throw std::runtime_error("disk on fire"); }, {"disk on fire"});
  ptlabs::testing::reap_all_children();
}

TEST(ProcessFailures, CrashingChildIsNamedByIndex) {
  expect_failure_named(lab01::run_in_processes, 5, 2, [] { std::raise(SIGSEGV); },
                       {"signal", "SIGSEGV", "Segmentation", "11"});
  ptlabs::testing::reap_all_children();
}

TEST(ProcessFailures, AbortingChildIsNamedByIndex) {
  expect_failure_named(lab01::run_in_processes, 5, 3, [] { std::abort(); },
                       {"signal", "SIGABRT", "Abort", "6"});
  ptlabs::testing::reap_all_children();
}

TEST(ProcessSizes, ZeroOneSixtyFourAndNegative) {
  expect_sizes(lab01::run_in_processes);
  ptlabs::testing::reap_all_children();
}

// ------------------------------------------------------------------ threads

TEST(ThreadModel, OneProcessOneThreadPerJob) {
  const int n = 8;
  auto reports = lab01::run_in_threads(n, [](int i) { return value_for(i); });
  expect_ordered_values(reports, n);
  std::set<int> tids;
  for (const auto& r : reports) {
    EXPECT_EQ(r.pid, ptlabs::current_pid()) << "job " << r.index << " left the caller's process";
    EXPECT_NE(r.tid, ptlabs::current_tid()) << "job " << r.index << " ran on the caller's thread";
    tids.insert(r.tid);
  }
  EXPECT_EQ(tids.size(), static_cast<std::size_t>(n)) << "every job needs its own thread";
  ptlabs::testing::reap_all_children();
}

TEST(ThreadModel, ReportsComeFromTheWorkerThread) {
  auto reports = lab01::run_in_threads(
      3, [](int) { return static_cast<std::uint64_t>(ptlabs::current_tid()); });
  ASSERT_EQ(reports.size(), 3u);
  for (const auto& r : reports) {
    EXPECT_EQ(static_cast<std::uint64_t>(r.tid), r.value) << "report.tid must be the worker's tid";
  }
}

TEST(ThreadConcurrency, AllWorkersRunAtOnce) {
  expect_all_run_at_once(lab01::run_in_threads, 8);
  ptlabs::testing::reap_all_children();
}

TEST(ThreadFailures, ThrowingJobIsNamedByIndex) {
  expect_failure_named(lab01::run_in_threads, 6, 4,
                       [] { throw std::runtime_error("disk on fire"); }, {"disk on fire"});
}

TEST(ThreadFailures, FirstJobFailingStillAwaitsTheRest) {
  expect_failure_named(lab01::run_in_threads, 4, 0,
                       [] { throw std::out_of_range("index 99 past the end"); },
                       {"index 99 past the end"});
}

TEST(ThreadSizes, ZeroOneSixtyFourAndNegative) {
  expect_sizes(lab01::run_in_threads);
  ptlabs::testing::reap_all_children();
}

}  // namespace
