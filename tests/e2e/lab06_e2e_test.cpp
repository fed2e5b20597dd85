// Lab 06 — footprint: its wrong submissions (tests/submissions/06-footprint/README.md
// describes each), graded end to end by the TEST_P of grade_e2e_test.cpp, and the reference
// and the skeleton graded whole.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab06 = "06-footprint";
const std::string kProcessResults = "process: every worker sums the table, sums in order";
const std::string kProcessModel =
    "process: one child process per worker, while_alive() once in the caller";
const std::string kProcessConcurrency = "process: all n children alive while while_alive() runs";
const std::string kProcessFootprint =
    "process: each child writes its own buffer and never the table";
const std::string kProcessCleanup = "process: every child awaited, also when while_alive() throws";
const std::string kProcessFailures =
    "process: a worker that cannot allocate is named, while_alive() not run";
const std::string kProcessSizes = "process: n = 0, 1, 16 and n < 0";
const std::string kThreadResults = "thread: every worker sums the table, sums in order";
const std::string kThreadModel =
    "thread: one process, threads only, while_alive() once in the caller";
const std::string kThreadConcurrency = "thread: all n threads alive while while_alive() runs";
const std::string kThreadCleanup = "thread: every thread joined, also when while_alive() throws";
const std::string kThreadFailures =
    "thread: a worker that cannot allocate is named, while_alive() not run";
const std::string kThreadSizes = "thread: n = 0, 1, 16 and n < 0";

const std::vector<std::string> kLab06ProcessChecks = {
    kProcessResults, kProcessModel,    kProcessConcurrency, kProcessFootprint,
    kProcessCleanup, kProcessFailures, kProcessSizes};
const std::vector<std::string> kLab06ThreadChecks = {kThreadResults,     kThreadModel,
                                                     kThreadConcurrency, kThreadCleanup,
                                                     kThreadFailures,    kThreadSizes};

const WrongSubmission kLab06Cases[] = {
    // The "process" version holds threads: no fork, no child to see during while_alive().
    {"threads-as-processes",
     {{kProcessModel, "failed"}, {kProcessConcurrency, "failed"}, {kProcessFootprint, "failed"}},
     joined(all_but(kLab06ProcessChecks, {kProcessModel, kProcessConcurrency, kProcessFootprint}),
            kLab06ThreadChecks),
     1,
     kLab06},
    // Each child writes the inherited table back, byte for byte: the sums and the parent's
    // table stay right, but every child holds a private copy of the whole table.
    {"writes-the-table",
     {{kProcessFootprint, "failed"}},
     joined(all_but(kLab06ProcessChecks, {kProcessFootprint}), kLab06ThreadChecks),
     1,
     kLab06},
    // One child at a time, each let go and reaped before the next; while_alive() runs after
    // the last, when no child is left to see or to measure.
    {"not-all-alive",
     {{kProcessConcurrency, "failed"}, {kProcessFootprint, "failed"}},
     joined(all_but(kLab06ProcessChecks, {kProcessConcurrency, kProcessFootprint}),
            kLab06ThreadChecks),
     1,
     kLab06},
    // One thread at a time, each joined before the next; while_alive() runs after the last.
    {"serial-threads",
     {{kThreadConcurrency, "failed"}},
     joined(kLab06ProcessChecks, all_but(kLab06ThreadChecks, {kThreadConcurrency})),
     1,
     kLab06},
};

INSTANTIATE_TEST_SUITE_P(Lab06, WrongSubmissions, testing::ValuesIn(kLab06Cases), case_name);

TEST(Lab06Grade, ReferenceGetsFullMarks) { expect_reference_full_marks(kLab06, 25); }

TEST(Lab06Grade, SkeletonGetsZeroAndFailsCleanly) { expect_skeleton_fails_cleanly(kLab06); }

}  // namespace
}  // namespace ptlabs::e2e
