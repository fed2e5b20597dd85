// Lab 03 — cpu-bound: its wrong and hostile submissions
// (tests/submissions/03-cpu-bound/README.md describes each), graded end to end with
// --no-perf by the TEST_P of grade_e2e_test.cpp; the reference and the skeleton.
// perf_e2e_test.cpp grades the wrong ones again with the perf checks.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {

const std::string kLab03 = "03-cpu-bound";
const std::string kProcessNative = "process: counts with the native kernel";
const std::string kProcessPython = "process: counts with the python kernel";
const std::string kProcessModel = "process: work done in one child per worker";
const std::string kThreadNative = "thread: counts with the native kernel";
const std::string kThreadPython = "thread: counts with the python kernel";
const std::string kThreadModel = "thread: work done in one thread per worker";

const std::vector<std::string> kLab03ProcessChecks = {kProcessNative, kProcessPython,
                                                      kProcessModel};
const std::vector<std::string> kLab03ThreadChecks = {kThreadNative, kThreadPython, kThreadModel};

const WrongSubmission kLab03Cases[] = {
    {"serial-in-parent",
     {{kProcessModel, "failed"}},
     joined({kProcessNative, kProcessPython}, kLab03ThreadChecks),
     1,
     kLab03},
    {"threads-as-processes",
     {{kProcessModel, "failed"}},
     joined({kProcessNative, kProcessPython}, kLab03ThreadChecks),
     1,
     kLab03},
    {"fork-in-thread-version",
     {{kThreadModel, "failed"}},
     joined(kLab03ProcessChecks, {kThreadNative, kThreadPython}),
     1,
     kLab03},
    {"big-lock-threads",
     {{kThreadModel, "failed"}},
     joined(kLab03ProcessChecks, {kThreadNative, kThreadPython}),
     1,
     kLab03},
    {"overlapping-pieces",
     {{kThreadNative, "failed"}, {kThreadPython, "failed"}},
     kLab03ProcessChecks,
     1,
     kLab03},
    // Hostile: forged evidence (each file's comment says what it tries).
    {"forged-call-log",
     {{kProcessModel, "failed"}},
     joined({kProcessNative, kProcessPython}, kLab03ThreadChecks),
     1,
     kLab03},
    {"announcing-children",
     {{kProcessModel, "failed"}},
     joined({kProcessNative, kProcessPython}, kLab03ThreadChecks),
     1,
     kLab03},
    {"child-answers",
     {{kProcessNative, "failed"}, {kProcessPython, "failed"}, {kProcessModel, "failed"}},
     kLab03ThreadChecks,
     1,
     kLab03},
};

INSTANTIATE_TEST_SUITE_P(Lab03, WrongSubmissions, testing::ValuesIn(kLab03Cases), case_name);

TEST(Lab03Grade, ReferenceGetsFullMarks) { expect_reference_full_marks(kLab03, 14); }

TEST(Lab03Grade, SkeletonGetsZeroAndFailsCleanly) { expect_skeleton_fails_cleanly(kLab03); }

}  // namespace
}  // namespace ptlabs::e2e
