// Public tests of lab 06 — footprint. Run them against your own files with
//   build/bin/grader check 06
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab06 --output-on-failure
// The grader's hidden suite checks more (the workers' memory, cleanup, failures, sizes).
// No test here measures how much memory a worker costs: the grader's performance check does.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "ptlabs/identity.hpp"
#include "task.hpp"

namespace {

// How many children this process has right now (running or not yet reaped), as the kernel
// lists them in /proc/self/task/<tid>/children.
int count_children() {
  int count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(task.path() / "children");
    int pid = 0;
    while (in >> pid) ++count;
  }
  return count;
}

std::vector<std::uint8_t> make_table(std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return bytes;
}

TEST(PublicFootprint, ProcessesAreChildrenAliveDuringTheCallback) {
  const auto bytes = make_table(1 << 20);
  const lab06::Table table{bytes.data(), bytes.size()};
  int calls = 0;
  int children = -1;
  const int caller_tid = ptlabs::current_tid();
  int callback_tid = 0;
  const auto sums = lab06::hold_processes(4, 64 << 10, table, [&] {
    ++calls;
    callback_tid = ptlabs::current_tid();
    children = count_children();
  });
  EXPECT_EQ(calls, 1) << "while_alive() runs exactly once";
  EXPECT_EQ(callback_tid, caller_tid) << "while_alive() runs on the calling thread";
  EXPECT_EQ(children, 4) << "while_alive() runs while the 4 children are alive";
  ASSERT_EQ(sums.size(), 4u);
  for (auto sum : sums) EXPECT_EQ(sum, lab06::sum_bytes(table));
  EXPECT_EQ(count_children(), 0) << "every child is awaited before the call returns";
}

TEST(PublicFootprint, ThreadsStayInTheCallersProcess) {
  const auto bytes = make_table(1 << 20);
  const lab06::Table table{bytes.data(), bytes.size()};
  int calls = 0;
  int children = -1;
  const auto sums = lab06::hold_threads(4, 64 << 10, table, [&] {
    ++calls;
    children = count_children();
  });
  EXPECT_EQ(calls, 1) << "while_alive() runs exactly once";
  EXPECT_EQ(children, 0) << "the thread version starts no child process";
  ASSERT_EQ(sums.size(), 4u);
  for (auto sum : sums) EXPECT_EQ(sum, lab06::sum_bytes(table));
}

TEST(PublicFootprint, NegativeCountIsRejected) {
  const lab06::Table table{nullptr, 0};
  EXPECT_THROW(lab06::hold_processes(-1, 0, table, [] {}), std::invalid_argument);
  EXPECT_THROW(lab06::hold_threads(-1, 0, table, [] {}), std::invalid_argument);
}

}  // namespace
