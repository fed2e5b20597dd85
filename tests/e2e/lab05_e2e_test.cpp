// Lab 05 — start-time: its wrong submissions (tests/submissions/05-start-time/README.md
// describes each), graded end to end by the TEST_P of grade_e2e_test.cpp, and the reference
// and the skeleton graded whole.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab05 = "05-start-time";
const std::string kProcessModel = "process: one child process per worker, reports from the child";
const std::string kProcessStartTimes = "process: start time read by the child, first thing";
const std::string kProcessConcurrency = "process: all workers alive at once";
const std::string kProcessCleanup = "process: every child awaited, no zombies";
const std::string kProcessSizes = "process: n = 0, 1, 32 and n < 0";
const std::string kThreadModel = "thread: one process, one thread per worker";
const std::string kThreadStartTimes = "thread: start time read by the thread, first thing";
const std::string kThreadConcurrency = "thread: all workers alive at once";
const std::string kThreadCleanup = "thread: every thread joined before returning";
const std::string kThreadSizes = "thread: n = 0, 1, 32 and n < 0";

const std::vector<std::string> kLab05ProcessChecks = {
    kProcessModel, kProcessStartTimes, kProcessConcurrency, kProcessCleanup, kProcessSizes};
const std::vector<std::string> kLab05ThreadChecks = {
    kThreadModel, kThreadStartTimes, kThreadConcurrency, kThreadCleanup, kThreadSizes};

const WrongSubmission kLab05Cases[] = {
    // Forks and awaits one child at a time: the barrier in work(i) is never met by all.
    {"serial-processes",
     {{kProcessConcurrency, "failed"}},
     joined(all_but(kLab05ProcessChecks, {kProcessConcurrency}), kLab05ThreadChecks),
     1,
     kLab05},
    // The parent fills in started_ns after waitpid(): later than work(i) began in the child.
    {"report-from-parent",
     {{kProcessStartTimes, "failed"}},
     joined(all_but(kLab05ProcessChecks, {kProcessStartTimes}), kLab05ThreadChecks),
     1,
     kLab05},
    // The parent reads the clock as fork() returns in it: earlier than the child could have.
    {"stamp-in-parent",
     {{kProcessStartTimes, "failed"}},
     joined(all_but(kLab05ProcessChecks, {kProcessStartTimes}), kLab05ThreadChecks),
     1,
     kLab05},
    {"fork-in-thread-version",
     {{kThreadModel, "failed"}},
     joined(kLab05ProcessChecks, all_but(kLab05ThreadChecks, {kThreadModel})),
     1,
     kLab05},
    // Detached threads, still in work(i) when the call returns. The other thread checks race
    // with the stragglers, so only the cleanup check is pinned.
    {"detached-threads", {{kThreadCleanup, "failed"}}, kLab05ProcessChecks, 1, kLab05},
};

INSTANTIATE_TEST_SUITE_P(Lab05, WrongSubmissions, testing::ValuesIn(kLab05Cases), case_name);

TEST(Lab05Grade, ReferenceGetsFullMarks) { expect_reference_full_marks(kLab05, 21); }

TEST(Lab05Grade, SkeletonGetsZeroAndFailsCleanly) { expect_skeleton_fails_cleanly(kLab05); }

}  // namespace
}  // namespace ptlabs::e2e
