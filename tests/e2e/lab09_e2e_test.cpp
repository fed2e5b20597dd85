// Lab 09 — pipeline: its wrong submissions (tests/submissions/09-pipeline/README.md describes
// each), graded end to end by the TEST_P of grade_e2e_test.cpp, and the reference and the
// skeleton graded whole.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab09 = "09-pipeline";
const std::string kThreadScores = "threads: scores in order";
const std::string kThreadErrors = "threads: failures named by path";
const std::string kThreadModel = "threads: fetched and scored in threads, no fork";
const std::string kProcessScores = "processes: scores in order";
const std::string kProcessErrors = "processes: failures named by path, no child left";
const std::string kProcessModel = "processes: fetched and scored in W child processes";
const std::string kHybridScores = "hybrid: scores in order";
const std::string kHybridErrors = "hybrid: failures named by path, no child left";
const std::string kHybridModel = "hybrid: scoring only in the pool's child processes";
const std::string kHybridFetching = "hybrid: fetching threads keep requests in flight";
const std::string kHybridForkOrder = "hybrid: the pool is forked before any thread starts";

const std::vector<std::string> kLab09PureChecks = {kThreadScores,  kThreadErrors,  kThreadModel,
                                                   kProcessScores, kProcessErrors, kProcessModel};
const std::vector<std::string> kLab09HybridChecks = {kHybridScores, kHybridErrors, kHybridModel,
                                                     kHybridFetching, kHybridForkOrder};

const WrongSubmission kLab09Cases[] = {
    // The "pool" is threads fed through a queue: every item scored in the caller's process, and
    // no fork() at all, so there is no pool started before the threads either.
    {"threads-in-hybrid",
     {{kHybridModel, "failed"}, {kHybridForkOrder, "failed"}},
     joined(kLab09PureChecks, {kHybridScores, kHybridErrors, kHybridFetching}),
     1,
     kLab09},
    // The fetching threads start first, the pool is forked while they run: right scores, wrong
    // fork order.
    {"fork-after-threads",
     {{kHybridForkOrder, "failed"}},
     joined(kLab09PureChecks, all_but(kLab09HybridChecks, {kHybridForkOrder})),
     1,
     kLab09},
    // One fetching thread whatever `fetchers` says: one request in flight at a time.
    {"serial-fetch-hybrid",
     {{kHybridFetching, "failed"}},
     joined(kLab09PureChecks, all_but(kLab09HybridChecks, {kHybridFetching})),
     1,
     kLab09},
};

INSTANTIATE_TEST_SUITE_P(Lab09, WrongSubmissions, testing::ValuesIn(kLab09Cases), case_name);

TEST(Lab09Grade, ReferenceGetsFullMarks) { expect_reference_full_marks(kLab09, 23); }

TEST(Lab09Grade, SkeletonGetsZeroAndFailsCleanly) { expect_skeleton_fails_cleanly(kLab09); }

}  // namespace
}  // namespace ptlabs::e2e
