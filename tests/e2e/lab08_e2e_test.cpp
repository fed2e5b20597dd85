// Lab 08 — scheduler: its wrong submissions (tests/submissions/08-scheduler/README.md
// describes each), graded end to end by the TEST_P of grade_e2e_test.cpp, and the reference
// and the skeleton graded whole.
#include <gtest/gtest.h>
#include <sched.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab08 = "08-scheduler";
const std::string kProcessModel =
    "process: one child process per worker, timelines from the children";
const std::string kProcessPinned = "process: pinned workers stay on their CPU, never two at once";
const std::string kProcessSlices =
    "process: on one core the scheduler takes turns in slices of a few ms";
const std::string kProcessConcurrency = "process: all workers alive at once, until the deadline";
const std::string kProcessSpread = "process: spread workers keep the caller's CPUs";
const std::string kProcessCleanup = "process: every child awaited, no zombies";
const std::string kProcessArguments = "process: bad arguments rejected before anything starts";
const std::string kThreadModel = "thread: one process, one thread per worker";
const std::string kThreadPinned = "thread: pinned workers stay on their CPU, never two at once";
const std::string kThreadSlices =
    "thread: on one core the scheduler takes turns in slices of a few ms";
const std::string kThreadConcurrency = "thread: all workers alive at once, until the deadline";
const std::string kThreadSpread = "thread: spread workers keep the caller's CPUs";
const std::string kThreadCleanup = "thread: every thread joined before returning";
const std::string kThreadArguments = "thread: bad arguments rejected before anything starts";

const std::vector<std::string> kLab08ProcessChecks = {
    kProcessModel,  kProcessPinned,  kProcessSlices,   kProcessConcurrency,
    kProcessSpread, kProcessCleanup, kProcessArguments};
const std::vector<std::string> kLab08ThreadChecks = {
    kThreadModel,  kThreadPinned,  kThreadSlices,   kThreadConcurrency,
    kThreadSpread, kThreadCleanup, kThreadArguments};

const WrongSubmission kLab08Cases[] = {
    // Pins the caller before fork(): the children inherit the mask and are pinned, but the
    // caller stays pinned after the call.
    {"pins-the-caller",
     {{kProcessPinned, "failed"}},
     joined(all_but(kLab08ProcessChecks, {kProcessPinned}), kLab08ThreadChecks),
     1,
     kLab08},
    // Starts a thread and joins it before the next: the first worker spins alone until the
    // deadline, the others make one tick each after it. No turns are taken.
    {"serial-workers",
     {{kThreadConcurrency, "failed"}, {kThreadSlices, "failed"}},
     joined(kLab08ProcessChecks, all_but(kLab08ThreadChecks, {kThreadConcurrency, kThreadSlices})),
     1,
     kLab08},
    {"fork-in-thread-version",
     {{kThreadModel, "failed"}},
     joined(kLab08ProcessChecks, all_but(kLab08ThreadChecks, {kThreadModel})),
     1,
     kLab08},
};

INSTANTIATE_TEST_SUITE_P(Lab08, WrongSubmissions, testing::ValuesIn(kLab08Cases), case_name);

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

// Never pins its workers. With two or more usable CPUs they run on several cores at once and
// the pinned check fails; with one usable CPU "pinned" and "not pinned" are the same thing and
// nothing can tell them apart, so this case is skipped there (not a WrongSubmissions row for
// that reason). The slice check is not pinned down: unpinned workers may or may not share a
// core on a busy machine.
TEST(Lab08Grade, NotPinnedFailsThePinnedCheckOnSeveralCpus) {
  if (usable_cpus() < 2) GTEST_SKIP() << "one usable CPU: an unpinned worker is pinned anyway";
  TempDir dir;
  assemble_submission(dir.path() / "sub", kLab08,
                      source_dir() / "tests/submissions" / kLab08 / "not-pinned");
  const fs::path report = dir.path() / "report.json";
  grader::Outcome o = run_grader({"grade", "--submission", (dir.path() / "sub").string(), "--lab",
                                  kLab08, "--format", "json", "-o", report.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  auto json = read_json(report);
  const auto* pinned = find_check(json, kLab08, kProcessPinned);
  ASSERT_NE(pinned, nullptr);
  EXPECT_EQ((*pinned)["status"], "failed") << (*pinned)["output"].get<std::string>();
  for (const auto& name :
       joined(all_but(kLab08ProcessChecks, {kProcessPinned, kProcessSlices}), kLab08ThreadChecks)) {
    const auto* check = find_check(json, kLab08, name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_EQ((*check)["status"], "passed") << name << "\n"
                                            << (*check)["output"].get<std::string>();
  }
}

TEST(Lab08Grade, ReferenceGetsFullMarks) { expect_reference_full_marks(kLab08, 28); }

TEST(Lab08Grade, SkeletonGetsZeroAndFailsCleanly) { expect_skeleton_fails_cleanly(kLab08); }

}  // namespace
}  // namespace ptlabs::e2e
