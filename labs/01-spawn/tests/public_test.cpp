// Public tests of lab 01 — spawn. Run them against your own files with
//   build/bin/grader check 01
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab01 --output-on-failure
// The grader's hidden suite checks more (concurrency, zombies, crashes).
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace {

TEST(PublicSpawn, ProcessesReturnValuesInOrder) {
  auto reports = lab01::run_in_processes(4, [](int i) { return std::uint64_t(i) * 10; });
  ASSERT_EQ(reports.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(reports[i].index, i);
    EXPECT_EQ(reports[i].value, std::uint64_t(i) * 10);
    EXPECT_NE(reports[i].pid, ptlabs::current_pid()) << "job " << i << " should run in a child";
  }
}

TEST(PublicSpawn, ThreadsShareOneProcess) {
  auto reports = lab01::run_in_threads(4, [](int i) { return std::uint64_t(i) + 1; });
  ASSERT_EQ(reports.size(), 4u);
  std::set<int> tids;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(reports[i].value, std::uint64_t(i) + 1);
    EXPECT_EQ(reports[i].pid, ptlabs::current_pid()) << "threads live in the caller's process";
    tids.insert(reports[i].tid);
  }
  EXPECT_EQ(tids.size(), 4u) << "one thread per job";
}

TEST(PublicSpawn, NegativeCountIsRejected) {
  EXPECT_THROW(lab01::run_in_processes(-1, [](int) { return std::uint64_t{0}; }),
               std::invalid_argument);
  EXPECT_THROW(lab01::run_in_threads(-1, [](int) { return std::uint64_t{0}; }),
               std::invalid_argument);
}

}  // namespace
