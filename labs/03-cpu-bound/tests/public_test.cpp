// Public tests of lab 03 — cpu-bound. Run them against your own files with
//   build/bin/grader check 03
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab03 --output-on-failure
// The grader's hidden suite checks more: edge ranges, which processes and threads
// made the kernel calls, and (with timing) whether processes beat threads.
#include <gtest/gtest.h>

#include <stdexcept>

#include "task.hpp"

namespace {

using ptlabs::Kernel;

TEST(PublicPrimes, ProcessesCountSmallRanges) {
  EXPECT_EQ(lab03::count_primes_in_processes(0, 100, 4, Kernel::kNative), 25);
  EXPECT_EQ(lab03::count_primes_in_processes(0, 1000, 2, Kernel::kPython), 168);
}

TEST(PublicPrimes, ThreadsCountSmallRanges) {
  EXPECT_EQ(lab03::count_primes_in_threads(0, 100, 4, Kernel::kNative), 25);
  EXPECT_EQ(lab03::count_primes_in_threads(0, 1000, 2, Kernel::kPython), 168);
}

TEST(PublicPrimes, BadWorkerCountIsRejected) {
  EXPECT_THROW(lab03::count_primes_in_processes(0, 10, 0, Kernel::kNative), std::invalid_argument);
  EXPECT_THROW(lab03::count_primes_in_threads(0, 10, 0, Kernel::kNative), std::invalid_argument);
}

}  // namespace
